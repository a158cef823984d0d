import type { TopicMessages } from 'kafkajs';
import { ProduceBatcher } from './produce-batcher';

/** A stand-in for the producer: each request waits until the test answers it. */
function requests() {
  const calls: { batch: TopicMessages[]; answer: (error?: Error) => void }[] = [];
  const renewed: number[] = [];
  const send = (batch: TopicMessages[]) =>
    new Promise<void>((resolve, reject) =>
      calls.push({ batch, answer: (error) => (error ? reject(error) : resolve()) }),
    );
  const renew = () => {
    renewed.push(calls.length);
    return Promise.resolve();
  };
  return { calls, renewed, send: { send, renew } };
}

const message = (text: string) => ({ key: text, value: Buffer.from(text) });
const values = (batch: TopicMessages[]) =>
  batch.map(({ topic, messages }) => [topic, messages.map((m) => String(m.value))]);
const later = Date.now() + 60_000;
const expired = () => new Error('expired');
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ProduceBatcher', () => {
  it('sends what arrives while a request is out in the next one, grouped by topic', async () => {
    const { calls, send } = requests();
    const batcher = new ProduceBatcher(send);
    const first = batcher.send('a', [message('1')], later, expired);
    const waiting = [
      batcher.send('a', [message('2')], later, expired),
      batcher.send('b', [message('3')], later, expired),
      batcher.send('a', [message('4'), message('5')], later, expired),
    ];
    expect(calls.map((call) => values(call.batch))).toEqual([[['a', ['1']]]]);
    calls[0]!.answer();
    await first;
    await settled();
    expect(values(calls[1]!.batch)).toEqual([
      ['a', ['2', '4', '5']],
      ['b', ['3']],
    ]);
    calls[1]!.answer();
    await Promise.all(waiting);
    expect(calls).toHaveLength(2);
  });

  it('fails every send of a request the broker could not take, and goes on with the next', async () => {
    const { calls, renewed, send } = requests();
    const batcher = new ProduceBatcher(send);
    const first = batcher.send('a', [message('1')], later, expired);
    const both = [
      batcher.send('a', [message('2')], later, expired),
      batcher.send('a', [message('3')], later, expired),
    ];
    calls[0]!.answer();
    await first;
    await settled();
    calls[1]!.answer(new Error('There is no leader for this topic-partition'));
    for (const sent of both) await expect(sent).rejects.toThrow('no leader');
    expect(renewed).toEqual([]);
    const after = batcher.send('a', [message('4')], later, expired);
    await settled();
    calls[2]!.answer();
    await expect(after).resolves.toBeUndefined();
  });

  it('sends each alone again when a record of the request is refused, so only its own send fails', async () => {
    const { calls, renewed, send } = requests();
    const batcher = new ProduceBatcher(send);
    const first = batcher.send('a', [message('1')], later, expired);
    const good = batcher.send('a', [message('good')], later, expired);
    const large = batcher.send('a', [message('large')], later, expired);
    calls[0]!.answer();
    await first;
    await settled();
    const refused = Object.assign(new Error('The request included a message larger than the max'), {
      type: 'MESSAGE_TOO_LARGE',
    });
    calls[1]!.answer(new Error('retries exhausted', { cause: refused }));
    await settled();
    // From a new producer: kafkajs took back the sequence numbers of partitions the broker stored.
    expect(renewed).toEqual([2]);
    expect(values(calls[2]!.batch)).toEqual([['a', ['good']]]);
    calls[2]!.answer();
    await expect(good).resolves.toBeUndefined();
    await settled();
    expect(values(calls[3]!.batch)).toEqual([['a', ['large']]]);
    calls[3]!.answer(refused);
    await expect(large).rejects.toThrow('larger than the max');
    expect(renewed).toEqual([2, 4]);
  });

  it('drops a send whose caller stopped waiting before its request went out', async () => {
    const { calls, send } = requests();
    const batcher = new ProduceBatcher(send);
    const first = batcher.send('a', [message('1')], later, expired);
    const abandoned = batcher.send('a', [message('2')], Date.now() - 1, expired);
    const kept = batcher.send('a', [message('3')], later, expired);
    calls[0]!.answer();
    await first;
    await expect(abandoned).rejects.toThrow('expired');
    await settled();
    expect(values(calls[1]!.batch)).toEqual([['a', ['3']]]);
    calls[1]!.answer();
    await kept;
  });

  it('keeps a request under half a megabyte, and sends a large send alone', async () => {
    const { calls, send } = requests();
    const batcher = new ProduceBatcher(send);
    const sized = (name: string, kb: number) => ({ key: name, value: Buffer.alloc(kb * 1024, name) });
    const first = batcher.send('a', [message('1')], later, expired);
    const rest = [
      ...['p', 'q', 'r', 's', 't', 'u', 'v', 'w'].map((name) => sized(name, 60)),
      sized('x', 100),
      sized('y', 1),
    ].map((record) => batcher.send('a', [record], later, expired));
    calls[0]!.answer();
    await first;
    const sizes: number[] = [];
    while (sizes.reduce((sum, size) => sum + size, 0) < rest.length) {
      await settled();
      sizes.push(calls.at(-1)!.batch[0]!.messages.length);
      calls.at(-1)!.answer();
    }
    await Promise.all(rest);
    // 8 × 60 KB fit under 512 KB; the 100 KB one alone; then the small one.
    expect(sizes).toEqual([8, 1, 1]);
  });
});
