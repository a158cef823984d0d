/**
 * Where the raw archive keeps one record (docs/lake.md, "Reading a raw message back"): pure
 * functions over the layout of raw-archive-layout.ts, so the reader only lists and reads.
 */
import type { RawRecordLocation } from '../../schemas/records/raw-post';
import { archiveDay } from './raw-archive-layout';

const DAY_MS = 86_400_000;

/** A file of the archive that may hold the record, with its first offset (from its name). */
export interface ArchiveFileName {
  readonly key: string;
  readonly firstOffset: bigint;
}

/**
 * The prefixes to list for a record: `raw-data/<folder>/<day>/<topic>+<partition>+` for the day
 * its connector received it, the day before and the day after. A file holds the records of one UTC
 * day of their Kafka timestamps, set as the record was produced, just after it was received: the
 * record's file is in that day's folder or, across midnight, the next one. The day before costs
 * one listing and covers a producer clock a little behind the connector's.
 */
export function archivePrefixes(folder: string, location: RawRecordLocation): string[] {
  return [-1, 0, 1].map(
    (days) =>
      `raw-data/${folder}/${archiveDay(location.receivedAt + days * DAY_MS)}/` +
      `${location.topic}+${location.partition}+`,
  );
}

/**
 * Of the listed keys, the file of the record's topic and partition with the largest first offset
 * at or before the record's offset: files of a partition are cut at increasing offsets, so that
 * file holds the record if any does. Undefined when no listed file starts at or before it.
 */
export function pickArchiveFile(
  keys: readonly string[],
  location: RawRecordLocation,
): ArchiveFileName | undefined {
  const offset = BigInt(location.offset);
  const ownName = `${location.topic}+${location.partition}+`;
  let best: ArchiveFileName | undefined;
  for (const key of keys) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const match = /^(.+\+\d+\+)(\d+)\.avro$/.exec(name);
    if (!match || match[1] !== ownName) continue;
    const firstOffset = BigInt(match[2] as string);
    if (firstOffset <= offset && (!best || firstOffset > best.firstOffset)) best = { key, firstOffset };
  }
  return best;
}

/**
 * The record of the post among a file's values up to `position` (its offset minus the file's
 * first offset): the value there when the file's offsets are contiguous. Offsets have gaps (a
 * transaction marker, a record no schema could read and the archive skipped), which only move a
 * record before its position: then the last value of the post before it is the record.
 */
export function pickRecord<T>(
  values: readonly T[],
  position: number,
  isThePost: (value: T) => boolean,
): T | undefined {
  for (let i = Math.min(position, values.length - 1); i >= 0; i -= 1) {
    const value = values[i] as T;
    if (isThePost(value)) return value;
  }
  return undefined;
}
