// The stream engine's exactly-once reads its changelogs and repartition topics read_committed
// through kafkajs, whose 2.2.4 filter is patched at install (ops/patches/kafkajs.js).
// This guards the patch: a fetch that starts after two aborted transactions began drops both.
import filterAbortedMessages from 'kafkajs/src/consumer/filterAbortedMessages';

interface FakeMessage {
  offset: string;
  batchContext: { producerId: string; inTransaction: boolean };
  isControlRecord?: boolean;
}

const data = (offset: number, producerId: string): FakeMessage => ({
  offset: String(offset),
  batchContext: { producerId, inTransaction: true },
});

describe('read_committed filtering in kafkajs', () => {
  it('drops the records of every aborted transaction, listed in the order they ended', () => {
    // A killed task's three producers, fenced together: their aborts end in another order than
    // they began, which is the order the broker lists them in.
    const messages = [data(42, 'X'), data(50, 'Z'), data(57, 'Y'), data(60, 'W')];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: 'Y', firstOffset: '57' },
        { producerId: 'X', firstOffset: '42' },
        { producerId: 'Z', firstOffset: '50' },
      ],
    });
    expect(kept.map((m) => m.offset)).toEqual(['60']);
  });

  it('drops the records of every aborted transaction that began before the fetched records', () => {
    const messages = [data(10, 'B'), data(11, 'A'), data(12, 'C'), data(13, 'B')];
    const kept = filterAbortedMessages({
      messages,
      abortedTransactions: [
        { producerId: 'A', firstOffset: '3' },
        { producerId: 'B', firstOffset: '4' },
      ],
    });
    expect(kept.map((m) => m.offset)).toEqual(['12']);
  });
});
