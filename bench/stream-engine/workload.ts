import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { updateKey, type TelegramUpdateRecord } from '../../schemas/records/telegram-update';

/**
 * The benchmark's input: Telegram channel posts in the product's own schema, keyed by channel as
 * the webhook keys them. Deterministic for a seed, so every run and every contender sees the same
 * records. Event times rise with the record index across one hour with up to `JITTER_MS` of
 * disorder, which the topology's grace period (5 s) absorbs, so no record is dropped as late.
 */
export const WORKLOAD = {
  keys: 10_000,
  spanMs: 3_600_000,
  jitterMs: 2_000,
  startMs: Date.UTC(2026, 0, 1),
  schemaFile: join(__dirname, '..', '..', 'schemas', 'avro', 'social.telegram.updates.v1.avsc'),
} as const;

export interface WorkloadRecord {
  key: string;
  value: TelegramUpdateRecord;
}

export function valueSchema(): string {
  return readFileSync(WORKLOAD.schemaFile, 'utf8');
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields `count` channel posts spread over `WORKLOAD.keys` channels and one hour of event time. */
export function* workloadRecords(count: number, seed: number): Generator<WorkloadRecord> {
  const random = seededRandom(seed);
  const nextMessageId = new Uint32Array(WORKLOAD.keys);
  for (let i = 0; i < count; i++) {
    const channel = Math.floor(random() * WORKLOAD.keys);
    const chatId = -1001000000000 - channel;
    const messageId = ++nextMessageId[channel]!;
    const eventTime =
      WORKLOAD.startMs + Math.floor((i * WORKLOAD.spanMs) / count) + Math.floor(random() * WORKLOAD.jitterMs);
    const value: TelegramUpdateRecord = {
      update_id: i,
      update_type: 'channel_post',
      chat_id: chatId,
      chat_type: 'channel',
      chat_title: `Channel ${channel}`,
      message_id: messageId,
      sender_id: null,
      event_time: eventTime,
      received_at: eventTime + Math.floor(random() * 500),
      payload: JSON.stringify({
        update_id: i,
        channel_post: {
          message_id: messageId,
          chat: { id: chatId, type: 'channel' },
          date: Math.floor(eventTime / 1000),
          text: `post ${i}`,
        },
      }),
    };
    yield { key: updateKey(value), value };
  }
}
