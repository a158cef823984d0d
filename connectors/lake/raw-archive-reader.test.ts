import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../platform/errors';
import type { RawPostRecord } from '../../schemas/records/raw-post';
import { encodeContainer } from './avro-container';
import { RawArchiveReader } from './raw-archive-reader';

const SCHEMA = readFileSync(join(__dirname, '../../schemas/avro/social.telegram.updates.v1.avsc'), 'utf8');
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
const post = (messageId: number, offset: number): RawPostRecord => ({
  source: 'telegram',
  channelId: '-1001',
  postId: String(messageId),
  topic: TOPIC,
  partition: 0,
  offset: String(offset),
  receivedAt: NOON,
});

/** An S3 that holds these files (key: values, first offset, last offset) and counts the values it sends. */
async function fakeS3(files: Record<string, { values: object[]; first: number; last: number }>) {
  const bodies = new Map<string, Buffer>();
  for (const [key, file] of Object.entries(files)) {
    const metadata = { 'kafka.offset.first': String(file.first), 'kafka.offset.last': String(file.last) };
    bodies.set(key, await encodeContainer(SCHEMA, file.values, key, metadata));
  }
  const calls: string[] = [];
  const s3 = {
    send: async (command: unknown) => {
      if (command instanceof ListObjectsV2Command) {
        const prefix = command.input.Prefix ?? '';
        calls.push(`list ${prefix}`);
        return {
          Contents: [...bodies.keys()].filter((key) => key.startsWith(prefix)).map((Key) => ({ Key })),
        };
      }
      const key = (command as GetObjectCommand).input.Key as string;
      calls.push(`get ${key}`);
      const body = bodies.get(key);
      if (!body) throw new NoSuchKey({ message: 'gone', $metadata: {} });
      return { Body: Readable.from([body]) };
    },
  } as unknown as S3Client;
  return { s3, calls };
}

const reader = (s3: S3Client) => new RawArchiveReader({ s3, bucket: 'b', sourceOf: () => 'telegram' });
const file = (offset: number) => `${DAY}/${TOPIC}+0+${String(offset).padStart(10, '0')}.avro`;

describe('reading a raw record back from the lake', () => {
  it('finds the record by its offset in the file that starts at or before it, and answers its message', async () => {
    const { s3, calls } = await fakeS3({
      [file(0)]: { values: [update(1, 'one'), update(2, 'two')], first: 0, last: 1 },
      [file(2)]: {
        values: [update(3, 'three'), update(1, 'x', 'message_reaction_count'), update(4, 'four')],
        first: 2,
        last: 4,
      },
    });
    expect(JSON.parse((await reader(s3).payloadOf(post(4, 4)))!)).toEqual({ message_id: 4, text: 'four' });
    expect(JSON.parse((await reader(s3).payloadOf(post(2, 1)))!)).toEqual({ message_id: 2, text: 'two' });
    expect(calls.filter((call) => call.startsWith('list'))).toContain(`list ${DAY}/${TOPIC}+0+`);
  });

  it('finds a record whose offset lies past its position, offsets having gaps', async () => {
    // Offsets 10, 12, 13: a transaction marker at 11.
    const { s3 } = await fakeS3({
      [file(10)]: { values: [update(5, 'five'), update(6, 'six'), update(7, 'seven')], first: 10, last: 13 },
    });
    expect(JSON.parse((await reader(s3).payloadOf(post(6, 12)))!)).toEqual({ message_id: 6, text: 'six' });
  });

  it('answers null when the archive has no file for the record, or the file ends before its offset', async () => {
    const { s3 } = await fakeS3({
      [file(10)]: { values: [update(5, 'five')], first: 10, last: 10 },
    });
    expect(await reader(s3).payloadOf(post(5, 9))).toBeNull();
    // The record is in a later file, not listed: the earlier version of the post here is not it.
    expect(await reader(s3).payloadOf(post(5, 11))).toBeNull();
    expect(
      await new RawArchiveReader({ s3, bucket: 'b', sourceOf: () => undefined }).payloadOf(post(5, 10)),
    ).toBeNull();
  });

  it('fails as LAKE_UNAVAILABLE, retriable, when the lake cannot be reached', async () => {
    const s3 = {
      send: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:19000')),
    } as unknown as S3Client;
    const failure = reader(s3).payloadOf(post(1, 0));
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'LAKE_UNAVAILABLE', status: 503, retriable: true });
    // Its message reaches API callers: no endpoint, bucket or key in it.
    await expect(failure).rejects.toThrow("the lake's raw archive could not be listed; retry");
  });
});
