/**
 * Where the raw archive puts records and how it cuts them into files. Every cut depends on the
 * records alone (their offsets, days and schema ids) or on where a commit's batch starts, and a
 * batch always starts at the last committed offset: a replay after a crash therefore cuts the same
 * files, names them the same, and overwrites what the crashed run wrote instead of duplicating it
 * (the Confluent S3 sink's rule; proof in docs/lake.md).
 */

/** One input record as the archive keeps it: its Avro body and where it came from. */
export interface ArchivedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** The Kafka record's timestamp (epoch ms): it picks the file's day. */
  readonly timestamp: number;
  /** The registry id of the schema the producer wrote the body with. */
  readonly schemaId: number;
  /** The Avro binary body, without the Confluent wire-format header. */
  readonly body: Buffer;
}

/**
 * One object of the archive: consecutive records of one partition, one day and one schema (records
 * of type `R`: the writer's carry their decoded values along).
 */
export interface ArchiveFile<R extends ArchivedRecord = ArchivedRecord> {
  readonly key: string;
  readonly topic: string;
  readonly partition: number;
  readonly schemaId: number;
  readonly records: readonly R[];
}

export interface LayoutOptions {
  /** The `<source>` folder of a broker-side topic name (telegram, twitter, stripe, channel-stats). */
  readonly sourceOf: (topic: string) => string;
  /**
   * Size roll: a file never spans two blocks of this many offsets (offset / recordsPerFile), so the
   * cut falls on the same offsets whichever way commits split the stream.
   */
  readonly recordsPerFile: number;
}

/** Offsets in names are zero-padded, as the Confluent S3 sink does, so listings sort by offset. */
const OFFSET_WIDTH = 10;

/** `raw-data/<source>/YYYY/MM/DD/<topic>+<partition>+<first offset>.avro` (UTC day of the first record). */
export function archiveKey(source: string, first: ArchivedRecord): string {
  const offset = first.offset.toString().padStart(OFFSET_WIDTH, '0');
  return `raw-data/${source}/${archiveDay(first.timestamp)}/${first.topic}+${first.partition}+${offset}.avro`;
}

/** The `YYYY/MM/DD` folder of a time: its UTC day. */
export function archiveDay(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10).replaceAll('-', '/');
}

/**
 * Cuts a commit's records into files: per topic and partition in offset order, and again where
 * the offset block, the UTC day or the schema id changes.
 */
export function planArchiveFiles<R extends ArchivedRecord>(
  records: readonly R[],
  options: LayoutOptions,
): ArchiveFile<R>[] {
  const files: ArchiveFile<R>[] = [];
  for (const run of byPartition(records)) {
    let current: R[] = [];
    for (const record of run) {
      const previous = current.at(-1);
      if (previous && startsNewFile(previous, record, options.recordsPerFile)) {
        files.push(toFile(current, options));
        current = [];
      }
      current.push(record);
    }
    if (current.length > 0) files.push(toFile(current, options));
  }
  return files;
}

function startsNewFile(previous: ArchivedRecord, next: ArchivedRecord, recordsPerFile: number): boolean {
  const size = BigInt(recordsPerFile);
  return (
    previous.offset / size !== next.offset / size ||
    utcDay(previous.timestamp) !== utcDay(next.timestamp) ||
    previous.schemaId !== next.schemaId
  );
}

function utcDay(timestamp: number): number {
  return Math.floor(timestamp / 86_400_000);
}

function byPartition<R extends ArchivedRecord>(records: readonly R[]): R[][] {
  const runs = new Map<string, R[]>();
  for (const record of records) {
    const id = `${record.topic}\u0000${record.partition}`;
    const run = runs.get(id) ?? [];
    run.push(record);
    runs.set(id, run);
  }
  return [...runs.values()].map((run) =>
    run.sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0)),
  );
}

function toFile<R extends ArchivedRecord>(records: R[], options: LayoutOptions): ArchiveFile<R> {
  const first = records[0] as R;
  return {
    key: archiveKey(options.sourceOf(first.topic), first),
    topic: first.topic,
    partition: first.partition,
    schemaId: first.schemaId,
    records,
  };
}
