import type { RecordMetadata, TopicMessages } from 'kafkajs';
import { chunkTopicMessages, sendInChunks } from './buffered-collector';

const message = (bytes: number, partition?: number) => ({
  key: null,
  value: Buffer.alloc(bytes),
  ...(partition !== undefined ? { partition } : {}),
});

describe('sending buffered records', () => {
  it('splits a send so no request carries more than the byte limit', () => {
    const topicMessages: TopicMessages[] = [
      { topic: 't', messages: Array.from({ length: 10 }, () => message(100)) },
    ];
    const chunks = chunkTopicMessages(topicMessages, 500);
    expect(chunks.map((c) => c[0]!.messages.length)).toEqual([3, 3, 3, 1]);
  });

  it('reports the last offset written per explicit partition across chunks', async () => {
    const topicMessages: TopicMessages[] = [
      { topic: 'log', messages: Array.from({ length: 5 }, () => message(200_000, 0)) },
      { topic: 'out', messages: [message(10)] },
    ];
    let base = 100;
    const sent: number[] = [];
    const offsets = await sendInChunks(topicMessages, async (chunk): Promise<RecordMetadata[]> => {
      const logged = chunk.find((c) => c.topic === 'log')?.messages.length ?? 0;
      sent.push(logged);
      const meta = [{ topicName: 'log', partition: 0, errorCode: 0, baseOffset: String(base) }];
      base += logged;
      return logged > 0 ? meta : [];
    });
    expect(sent.reduce((a, b) => a + b, 0)).toBe(5);
    expect(sent.length).toBeGreaterThan(1);
    expect(offsets).toEqual(new Map([['log:0', 104n]]));
  });
});
