import { archiveKey, planArchiveFiles, type ArchivedRecord } from './raw-archive-layout';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1, 23, 0, 0);
const layout = { sourceOf: () => 'telegram', recordsPerFile: 10 };

/** Records of one partition with gaps in their offsets (transaction markers), crossing midnight. */
function partitionLog(count: number, partition = 0): ArchivedRecord[] {
  const records: ArchivedRecord[] = [];
  let offset = 3n;
  for (let i = 0; i < count; i += 1) {
    offset += i % 7 === 0 ? 2n : 1n;
    records.push({
      topic: 'social.telegram.updates.v1',
      partition,
      offset,
      timestamp: T0 + i * 60_000,
      schemaId: i < count * 0.8 ? 1 : 2,
      body: Buffer.from([i % 256]),
    });
  }
  return records;
}

/** A seeded pseudo-random generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('raw archive layout', () => {
  it('names a file after its source, its first record day (UTC), topic, partition and zero-padded first offset', () => {
    const [first] = partitionLog(1);
    expect(archiveKey('telegram', first!)).toBe(
      'raw-data/telegram/2026/12/01/social.telegram.updates.v1+0+0000000005.avro',
    );
  });

  it('cuts at offset blocks, at midnight and where the schema changes, and keeps partitions apart', () => {
    const records = [...partitionLog(100, 0), ...partitionLog(5, 1)];
    const files = planArchiveFiles(records, layout);
    for (const file of files) {
      const blocks = new Set(file.records.map((r) => r.offset / 10n));
      const days = new Set(file.records.map((r) => Math.floor(r.timestamp / DAY)));
      const schemas = new Set(file.records.map((r) => r.schemaId));
      expect([blocks.size, days.size, schemas.size]).toEqual([1, 1, 1]);
      expect(new Set(file.records.map((r) => r.partition)).size).toBe(1);
    }
    expect(files.flatMap((f) => f.records)).toHaveLength(105);
    expect(files.some((f) => f.key.includes('/2026/12/02/'))).toBe(true);
  });

  it('leaves every record in exactly one object after crashes and replays that commit at other points', () => {
    const log = partitionLog(400);
    for (let seed = 1; seed <= 50; seed += 1) {
      const next = random(seed);
      const bucket = new Map<string, readonly ArchivedRecord[]>();
      let committed = 0;
      while (committed < log.length) {
        // A commit's batch: from the committed point, as long as the commit interval made it.
        const end = Math.min(log.length, committed + 1 + Math.floor(next() * 60));
        for (const file of planArchiveFiles(log.slice(committed, end), layout))
          bucket.set(file.key, file.records);
        // Sometimes the process dies after writing and before committing: the batch is replayed.
        if (next() < 0.3) continue;
        committed = end;
      }
      const archived = [...bucket.values()].flat().map((r) => r.offset);
      expect(archived.sort((a, b) => (a < b ? -1 : 1))).toEqual(log.map((r) => r.offset));
    }
  });
});
