import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { encodeContainer } from '../connectors/lake/avro-container';
import { ensureBucket } from '../connectors/lake/ensure-bucket';
import { RawArchiveReader } from '../connectors/lake/raw-archive-reader';
import { createS3 } from '../platform/clients/s3';
import type { RawPostRecord } from '../schemas/records/raw-post';
import { isolatedConfig } from './support/isolation';

/**
 * The lake reader against MinIO (docs/lake.md, "Reading a raw message back"): archive files as the
 * writer names and encodes them, in the test's own bucket, read back by a post's topic, partition
 * and offset.
 */
const config = isolatedConfig();
const SCHEMA = readFileSync(join(__dirname, '../schemas/avro/social.telegram.updates.v1.avsc'), 'utf8');
const TOPIC = 'social.telegram.updates.v1';
const NOON = Date.UTC(2026, 11, 6, 12, 0, 0);
const DAY = 'raw-data/telegram/2026/12/06';

/** A decoded `social.telegram.updates.v1` value: a post of chat -1001, or a reaction to one. */
const update = (messageId: number, text: string, type = 'channel_post') => ({
  update_id: messageId,
  update_type: type,
  chat_id: -1001,
  chat_type: 'channel',
  chat_title: null,
  message_id: messageId,
  sender_id: null,
  event_time: NOON,
  received_at: NOON,
  payload: JSON.stringify({ update_id: messageId, [type]: { message_id: messageId, text } }),
});
const post = (messageId: number, offset: number, partition: number): RawPostRecord => ({
  source: 'telegram',
  channelId: '-1001',
  postId: String(messageId),
  topic: TOPIC,
  partition,
  offset: String(offset),
  receivedAt: NOON,
});
const file = (partition: number, offset: number) =>
  `${DAY}/${TOPIC}+${partition}+${String(offset).padStart(10, '0')}.avro`;

describe('reading a raw record back from the lake', () => {
  const s3 = createS3(config.s3);
  const reader = new RawArchiveReader({ s3, bucket: config.s3.bucket, sourceOf: () => 'telegram' });
  const text = async (record: RawPostRecord) => {
    const payload = await reader.payloadOf(record);
    return payload === null ? null : (JSON.parse(payload) as { text: string }).text;
  };

  /** Puts an archive file: its values and the offsets its header names, as the writer does. */
  async function put(key: string, values: object[], first: number, last: number): Promise<void> {
    const metadata = { 'kafka.offset.first': String(first), 'kafka.offset.last': String(last) };
    const body = await encodeContainer(SCHEMA, values, key, metadata);
    await s3.send(new PutObjectCommand({ Bucket: config.s3.bucket, Key: key, Body: body }));
  }

  beforeAll(async () => {
    await ensureBucket(s3, config.s3.bucket);
    // Partition 0: two files, offsets 0-1 and 2-4, a reaction among the posts.
    await put(file(0, 0), [update(1, 'one'), update(2, 'two')], 0, 1);
    await put(
      file(0, 2),
      [update(3, 'three'), update(1, 'x', 'message_reaction_count'), update(4, 'four')],
      2,
      4,
    );
    // Partition 1: offsets 10, 12 and 13 (a transaction marker at 11).
    await put(file(1, 10), [update(5, 'five'), update(6, 'six'), update(7, 'seven')], 10, 13);
    // Partition 2: one record at offset 10; the record at 11 is in a later file, not written.
    await put(file(2, 10), [update(5, 'five')], 10, 10);
  });
  afterAll(() => s3.destroy());

  it('finds the record by its offset in the file that starts at or before it, and answers its message', async () => {
    expect(await text(post(4, 4, 0))).toBe('four');
    expect(await text(post(2, 1, 0))).toBe('two');
    expect(JSON.parse((await reader.payloadOf(post(4, 4, 0)))!)).toEqual({ message_id: 4, text: 'four' });
  });

  it('finds a record whose offset lies past its position, offsets having gaps', async () => {
    expect(await text(post(6, 12, 1))).toBe('six');
  });

  it('answers null when the archive has no file for the record, or the file ends before its offset', async () => {
    expect(await reader.payloadOf(post(5, 9, 2))).toBeNull();
    // The record is in a later file, not listed: the earlier version of the post here is not it.
    expect(await reader.payloadOf(post(5, 11, 2))).toBeNull();
    const notArchived = new RawArchiveReader({ s3, bucket: config.s3.bucket, sourceOf: () => undefined });
    expect(await notArchived.payloadOf(post(5, 10, 2))).toBeNull();
  });
});
