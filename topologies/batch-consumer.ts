import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';

/**
 * A consumer-group member for the plain processors (not on the stream engine): it hands over
 * whole batches and commits a batch's offsets only once its handler has finished, so every
 * record reaches an idempotent sink at least once and a failed batch is fetched again.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, groupId: string) {
    this.consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      retry: { retries: 10 },
      // A stop waits for the fetch in flight, which an idle broker holds this long (kafkajs: 5 s).
      // One idle fetch a second costs nothing; a 5 s stop slows every deploy.
      maxWaitTimeInMs: 1000,
    });
  }

  async start(topics: string[], handle: (payload: EachBatchPayload) => Promise<void>): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        await handle(payload);
        const { batch } = payload;
        const last = batch.messages.at(-1);
        if (last) {
          payload.resolveOffset(last.offset);
          // commitOffsetsIfNecessary() is a no-op without autoCommit: commit the batch explicitly.
          const next = (BigInt(last.offset) + 1n).toString();
          await this.consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: next },
          ]);
        }
        await payload.heartbeat();
      },
    });
  }

  /** Stops fetching, lets the batch in flight finish and commit, leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
