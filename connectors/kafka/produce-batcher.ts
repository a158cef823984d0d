import type { Message, TopicMessages } from 'kafkajs';

export interface ProduceRequests {
  /** Sends one produce request's records, per topic; resolves once Kafka acknowledged them all. */
  send(batch: TopicMessages[]): Promise<void>;
  /** Starts a new producer (a new producer id, sequence numbers afresh). */
  renew(): Promise<void>;
}

interface Waiting {
  topic: string;
  messages: Message[];
  bytes: number;
  /** Epoch ms after which its caller has stopped waiting (answered 503): it is not sent. */
  expiresAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  onExpiry: () => void;
}

/** How much one produce request carries at most: well under a broker's default 1 MB batch limit. */
const MAX_BATCH_BYTES = 512 * 1024;
/** A send larger than this rides alone: most likely to be refused as too large, it fails no other. */
const ALONE_BYTES = 64 * 1024;

/**
 * Kafka answers kafkajs's idempotent producer one request at a time per broker (kafkajs holds a
 * lock around each produce to keep the sequence numbers in order), so sends that each make their
 * own request wait in line: 16 webhooks at once wait 16 round trips. Here the sends that arrive
 * while a request is out ride together in the next one, so the line is one round trip long
 * whatever the concurrency, and each caller still learns of its own records' acknowledgement.
 *
 * A request the broker refuses because of a record in it (too large, invalid) is sent again one
 * send at a time, so one bad record fails only its own caller. The broker may have stored the
 * request's other partitions, and kafkajs then takes back the sequence numbers of all of them, so
 * the producer's next sends there would be refused as out of order: after such a refusal a new
 * producer (a new producer id) sends, and it may store those records again (consumers drop
 * duplicates by their ids, as for any retried webhook). Any other failure (the broker unreachable,
 * retries exhausted) fails every send of the request, as it would have each alone.
 * A send still waiting when its caller's deadline passed is dropped, not sent: during an outage
 * the line holds only sends someone still waits for.
 */
export class ProduceBatcher {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(private readonly requests: ProduceRequests) {}

  /**
   * Resolves once Kafka acknowledged `messages`; rejects with the produce's error, or with
   * `expired()` when `expiresAt` (epoch ms) passed before its request was sent.
   */
  send(topic: string, messages: Message[], expiresAt: number, expired: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const bytes = sizeOf(messages);
      const onExpiry = () => reject(expired());
      this.waiting.push({ topic, messages, bytes, expiresAt, resolve, reject, onExpiry });
      this.next();
    });
  }

  private next(): void {
    if (this.sending || this.waiting.length === 0) return;
    const batch = this.take();
    if (batch.length === 0) return this.next();
    this.sending = true;
    void this.flush(batch).finally(() => {
      this.sending = false;
      this.next();
    });
  }

  /**
   * The longest run of waiting sends under MAX_BATCH_BYTES, or one large send alone; less the
   * expired.
   */
  private take(): Waiting[] {
    const now = Date.now();
    let bytes = 0;
    let count = 0;
    for (const waiting of this.waiting) {
      const alone = waiting.bytes > ALONE_BYTES;
      if (count > 0 && (alone || bytes + waiting.bytes > MAX_BATCH_BYTES)) break;
      bytes += waiting.bytes;
      count += 1;
      if (alone) break;
    }
    const batch = this.waiting.splice(0, count);
    for (const waiting of batch) if (waiting.expiresAt < now) waiting.onExpiry();
    return batch.filter((waiting) => waiting.expiresAt >= now);
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      await this.requests.send(byTopic(batch));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      if (!isRecordRefused(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      await this.requests.renew();
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const waiting of batch) await this.flush([waiting]);
    }
  }
}

function byTopic(batch: Waiting[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, messages } of batch) {
    const list = topics.get(topic);
    if (list) list.push(...messages);
    else topics.set(topic, [...messages]);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}

function sizeOf(messages: Message[]): number {
  let bytes = 0;
  for (const { key, value, headers } of messages) {
    bytes += (key?.length ?? 0) + (value?.length ?? 0) + 64;
    for (const name in headers) bytes += name.length + String(headers[name]).length;
  }
  return bytes;
}

/** Broker answers that blame a record of the request, not the broker or the connection. */
const RECORD_REFUSED = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
]);

function isRecordRefused(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (RECORD_REFUSED.has((cause as { type?: string }).type ?? '')) return true;
  }
  return false;
}
