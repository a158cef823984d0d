import { archiveKey } from './raw-archive-layout';
import { archivePrefixes, pickArchiveFile, pickRecord } from './raw-archive-locate';

const TOPIC = 'social.telegram.updates.v1';
const NOON = Date.UTC(2026, 11, 6, 12, 0, 0);
const key = (day: string, partition: number, offset: number, topic = TOPIC) =>
  `raw-data/telegram/${day}/${topic}+${partition}+${String(offset).padStart(10, '0')}.avro`;
const at = (offset: number, receivedAt = NOON, partition = 1) => ({
  topic: TOPIC,
  partition,
  offset: String(offset),
  receivedAt,
});

describe('locating a raw record in the lake', () => {
  it('lists the day the record was received, the day before and the day after, in its topic and partition', () => {
    expect(archivePrefixes('telegram', at(42))).toEqual([
      `raw-data/telegram/2026/12/05/${TOPIC}+1+`,
      `raw-data/telegram/2026/12/06/${TOPIC}+1+`,
      `raw-data/telegram/2026/12/07/${TOPIC}+1+`,
    ]);
    // The writer names files under the same day folders it lists.
    const written = archiveKey('telegram', {
      topic: TOPIC,
      partition: 1,
      offset: 42n,
      timestamp: NOON,
      schemaId: 1,
      body: Buffer.alloc(0),
    });
    expect(written.startsWith(archivePrefixes('telegram', at(42))[1]!)).toBe(true);
  });

  it('picks the file of the partition with the largest first offset at or before the record', () => {
    const keys = [
      key('2026/12/05', 1, 0),
      key('2026/12/05', 1, 10_000),
      key('2026/12/06', 1, 12_000),
      key('2026/12/06', 1, 20_000),
      key('2026/12/06', 0, 12_500), // another partition
      key('2026/12/06', 1, 12_400, 'social.twitter.tweets.v1'), // another topic
    ];
    expect(pickArchiveFile(keys, at(12_500))).toEqual({ key: keys[2], firstOffset: 12_000n });
    expect(pickArchiveFile(keys, at(12_000))).toEqual({ key: keys[2], firstOffset: 12_000n });
    // A file that started the day before holds records of the next day's listing too.
    expect(pickArchiveFile(keys, at(11_999))).toEqual({ key: keys[1], firstOffset: 10_000n });
    expect(pickArchiveFile(keys, at(0))).toEqual({ key: keys[0], firstOffset: 0n });
  });

  it('finds no file when every file of the partition starts after the record, or none is listed', () => {
    expect(pickArchiveFile([key('2026/12/06', 1, 500)], at(499))).toBeUndefined();
    expect(pickArchiveFile([], at(499))).toBeUndefined();
    expect(pickArchiveFile(['raw-data/telegram/2026/12/06/notes.txt'], at(1))).toBeUndefined();
  });

  it('compares offsets as 64-bit numbers, beyond the ten padded digits and past 2^53', () => {
    const big = 2n ** 60n;
    const keys = [key('2026/12/06', 1, 9), `raw-data/telegram/2026/12/06/${TOPIC}+1+${big}.avro`];
    expect(pickArchiveFile(keys, at(10))?.firstOffset).toBe(9n);
    expect(pickArchiveFile(keys, { ...at(0), offset: String(big + 1n) })?.firstOffset).toBe(big);
  });

  it('takes the record at its position, or the last record of the post before it when offsets have gaps', () => {
    const isPost = (value: string) => value.startsWith('post');
    // Contiguous offsets: the position is the record.
    expect(pickRecord(['other', 'post v1', 'post v2'], 2, isPost)).toBe('post v2');
    expect(pickRecord(['post v1', 'post v2', 'other'], 1, isPost)).toBe('post v2');
    // Gaps (a transaction marker, a record no schema could read) move the record before its position.
    expect(pickRecord(['other', 'post v1', 'other'], 2, isPost)).toBe('post v1');
    // Nothing at or before the position is the post: not in this file.
    expect(pickRecord(['other', 'other', 'post v1'], 1, isPost)).toBeUndefined();
    expect(pickRecord([], 0, isPost)).toBeUndefined();
  });
});
