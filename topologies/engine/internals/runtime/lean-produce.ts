import type { Message, RecordMetadata, TopicMessages } from 'kafkajs';
import Broker from 'kafkajs/src/broker';

import Encoder from 'kafkajs/src/protocol/encoder';
import { requests } from 'kafkajs/src/protocol/requests';
import apiKeys from 'kafkajs/src/protocol/requests/apiKeys';
import { StreamsError } from '../../errors';
import type { OutgoingRecord } from '../record-collector';
import { murmur2 } from './murmur2';
import { RecordBatchBuilder } from './record-batch';

/**
 * The engine's produce path. kafkajs stays the client: its producer still routes each send to the
 * partition leaders, numbers the records for idempotence, adds partitions to the transaction,
 * retries and fences; only the records are different. They are encoded by the engine straight
 * into one v2 record batch per partition (`RecordBatchBuilder`), and kafkajs is handed, per
 * partition, a stand-in with the record count (what its sequence numbers need) instead of one
 * object per record. A patch on kafkajs's `Broker.produce` recognizes those stand-ins and writes
 * the Produce request from the prepared batches; any other produce (the product's own producers)
 * goes through kafkajs unchanged.
 *
 * Why: kafkajs's producer spent 42% of the engine's CPU on per-record objects, `Long` varints and
 * grouping copies (docs/benchmarks.md); the Produce request format (v3 to v7, the same bytes)
 * is stable and small.
 */
const LEAN = Symbol('engine record batch');

/** What kafkajs sees of one partition's records: the count, and the prepared batch. */
interface LeanPartition {
  readonly length: number;
  readonly [LEAN]: RecordBatchBuilder;
}

interface ProduceArgs {
  topicData: {
    topic: string;
    partitions: { partition: number; firstSequence?: number; messages: unknown }[];
  }[];
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  acks?: number;
  timeout?: number;
  compression?: number;
}

/** Stays well under the broker's default 1 MB per record batch. */
const MAX_BATCH_BYTES = 512 * 1024;
/**
 * What one Produce request carries at most (one batch alone may be larger): a commit with many
 * partitions is sent in several requests, far below the broker's 100 MB `socket.request.max.bytes`.
 */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

let installed = false;

/** Patches kafkajs's `Broker.produce` once per process (idempotent); see the module comment. */
export function installLeanProduce(): void {
  if (installed) return;
  const proto = Broker.prototype as unknown as Record<string | symbol, unknown>;
  const sendRequest = Object.getOwnPropertySymbols(proto).find(
    (symbol) => symbol.description === 'private:Broker:sendRequest',
  );
  const original = proto.produce as ((args: ProduceArgs) => Promise<unknown>) | undefined;
  if (sendRequest === undefined || typeof original !== 'function') {
    throw new StreamsError(
      'STREAMS_FAILED',
      'this kafkajs version has no Broker.produce to send record batches with',
    );
  }
  proto.produce = function produce(this: Record<string | symbol, unknown>, args: ProduceArgs) {
    if (!args.topicData.some((t) => t.partitions.some((p) => isLean(p.messages)))) {
      return original.call(this, args);
    }
    const lookup = this.lookupRequest as (
      key: number,
      request: unknown,
    ) => (a: object) => {
      request: object;
      response: unknown;
    };
    const { acks = -1, timeout = 30_000 } = args;
    const { request, response } = lookup(
      apiKeys.Produce,
      requests.Produce,
    )({ ...args, acks, timeout, topicData: [] });
    // Versions 3 and later carry v2 record batches, the only kind the engine encodes (Kafka 4 has
    // no older ones; kafkajs negotiates the highest it knows, 7).
    if ((request as { apiVersion: number }).apiVersion < 3) {
      throw new StreamsError('STREAMS_FAILED', 'the broker does not accept Produce version 3 or later');
    }
    const encode = async () => encodeProduce({ ...args, acks, timeout });
    return (this[sendRequest] as (r: object) => Promise<unknown>).call(this, {
      request: { ...request, encode },
      response,
    });
  };
  installed = true;
}

function isLean(messages: unknown): messages is LeanPartition {
  return typeof messages === 'object' && messages !== null && LEAN in messages;
}

/** The Produce request body (the same in versions 3 to 7) with the prepared batches. */
function encodeProduce(args: ProduceArgs & { acks: number; timeout: number }): Encoder {
  const producerId = BigInt(String(args.producerId ?? -1));
  const transactional = Boolean(args.transactionalId);
  // Sized for the whole request up front (topic names and partition headers aside, the batches),
  // so the encoder never grows by copying.
  let size = 64 + Buffer.byteLength(args.transactionalId ?? '');
  for (const { topic, partitions } of args.topicData) {
    size += 6 + Buffer.byteLength(topic);
    for (const { messages } of partitions) size += 8 + (isLean(messages) ? messages[LEAN].size : 0);
  }
  const encoder = new Encoder(size)
    .writeString(args.transactionalId ?? null)
    .writeInt16(args.acks)
    .writeInt32(args.timeout)
    .writeInt32(args.topicData.length);
  for (const { topic, partitions } of args.topicData) {
    encoder.writeString(topic).writeInt32(partitions.length);
    for (const { partition, firstSequence, messages } of partitions) {
      if (!isLean(messages)) throw new Error('a produce request mixes engine batches and kafkajs messages');
      const batch = messages[LEAN].batch(
        producerId,
        args.producerEpoch ?? 0,
        firstSequence ?? 0,
        transactional,
      );
      encoder.writeInt32(partition).writeInt32(batch.length).writeBuffer(batch);
    }
  }
  return encoder;
}

/**
 * kafkajs's messages array for one topic, standing in for the records: `find` answers its
 * validation, `reduce` its grouping per partition (done already: one stand-in per partition).
 */
function standIn(byPartition: Map<number, RecordBatchBuilder>): Message[] {
  const grouped: Record<number, LeanPartition> = {};
  for (const [partition, builder] of byPartition)
    grouped[partition] = { length: builder.count, [LEAN]: builder };
  return { find: () => undefined, reduce: () => grouped } as unknown as Message[];
}

/** One partition's record batches, sent in order, at most one per request; `next` is the next to send. */
interface PartitionBatches {
  readonly builders: RecordBatchBuilder[];
  next: number;
  /** Records named this partition (a changelog's): its last offset is returned. */
  explicit: boolean;
}

/** Same partition as kafkajs's default partitioner (Java's murmur2), or round robin without a key. */
export class Partitioner {
  private readonly counters = new Map<string, number>();

  partition(topic: string, key: Buffer | null, partitions: number): number {
    if (key !== null) return (murmur2(key) & 0x7fffffff) % partitions;
    const next = (this.counters.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    this.counters.set(topic, next);
    return (next & 0x7fffffff) % partitions;
  }
}

/**
 * Encodes `records` into record batches per topic-partition and sends them with `send` (a
 * producer's or a transaction's `sendBatch`), at most one batch per partition and about
 * `MAX_REQUEST_BYTES` per call. Returns the offset of the last record written to each
 * topic-partition that records named explicitly (the changelogs): what a store checkpoint may claim.
 */
export async function produceRecords(
  records: readonly OutgoingRecord[],
  partitionsOf: (topic: string) => Promise<number>,
  partitioner: Partitioner,
  send: (topicMessages: TopicMessages[]) => Promise<RecordMetadata[]>,
): Promise<Map<string, bigint>> {
  const counts = new Map<string, number>();
  for (const record of records) {
    if (record.partition === undefined && !counts.has(record.topic))
      counts.set(record.topic, await partitionsOf(record.topic));
  }
  const batches = new Map<string, Map<number, PartitionBatches>>();
  for (const record of records) {
    let partition = record.partition;
    const explicit = partition !== undefined;
    if (partition === undefined)
      partition = partitioner.partition(record.topic, record.key, counts.get(record.topic)!);
    let topic = batches.get(record.topic);
    if (topic === undefined) batches.set(record.topic, (topic = new Map()));
    let entry = topic.get(partition);
    if (entry === undefined)
      topic.set(partition, (entry = { builders: [new RecordBatchBuilder()], next: 0, explicit }));
    else if (explicit) entry.explicit = true;
    const list = entry.builders;
    let builder = list[list.length - 1]!;
    if (builder.count > 0 && builder.size >= MAX_BATCH_BYTES) list.push((builder = new RecordBatchBuilder()));
    builder.append(record.key, record.value, record.timestamp, record.headers);
  }
  const last = new Map<string, bigint>();
  for (;;) {
    // Each request takes every partition's next batch while the byte budget lasts (at least one).
    const topicMessages: TopicMessages[] = [];
    /** Per topic-partition sent, until answered: its entry, whose batch `next - 1` this request carries. */
    const sent = new Map<string, PartitionBatches>();
    let bytes = 0;
    for (const [topic, partitions] of batches) {
      const byPartition = new Map<number, RecordBatchBuilder>();
      for (const [partition, entry] of partitions) {
        const builder = entry.builders[entry.next];
        if (builder === undefined || (bytes > 0 && bytes + builder.size > MAX_REQUEST_BYTES)) continue;
        bytes += builder.size;
        entry.next += 1;
        byPartition.set(partition, builder);
        sent.set(`${topic}:${partition}`, entry);
      }
      if (byPartition.size > 0) topicMessages.push({ topic, messages: standIn(byPartition) });
    }
    if (topicMessages.length === 0) return last;
    for (const answer of await send(topicMessages)) {
      const id = `${answer.topicName}:${answer.partition}`;
      const entry = sent.get(id);
      if (entry === undefined) continue;
      sent.delete(id);
      if (!entry.explicit || answer.baseOffset === undefined) continue;
      const count = entry.builders[entry.next - 1]!.count;
      last.set(id, BigInt(answer.baseOffset) + BigInt(count - 1));
    }
    // kafkajs sends nothing, and says nothing, for a partition its metadata lacks (one added since
    // it last looked, or out of range): those records would be lost while offsets commit.
    const [unanswered] = sent.keys();
    if (unanswered !== undefined) {
      throw new StreamsError(
        'STREAMS_PRODUCTION_FAILED',
        `no broker acknowledged the records for ${unanswered}`,
        { details: { partition: unanswered } },
      );
    }
  }
}
