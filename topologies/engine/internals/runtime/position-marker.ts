import type { KafkaMessage } from 'kafkajs';
import type { OutgoingRecord } from '../record-collector';

const HEADER = 'streams.positions';
/** A key no store writes in practice; the header, not the key, is what restore looks for. */
const KEY = Buffer.from('\u0000streams.positions');

/**
 * Under at-least-once the changelogs are written before the input offsets are committed; if the
 * offset commit is then refused (the task moved in a rebalance), the next owner would replay
 * input whose effects its restored state already holds. So every at-least-once commit also writes
 * the task's input positions into each of its changelog partitions, and restore resumes from
 * there when those positions are ahead of the committed offsets.
 */
export function positionMarker(
  topic: string,
  partition: number,
  positions: ReadonlyMap<string, bigint>,
  timestamp: number,
): OutgoingRecord {
  const value = Object.fromEntries([...positions].map(([source, offset]) => [source, offset.toString()]));
  return {
    topic,
    partition,
    key: KEY,
    value: Buffer.from(JSON.stringify(value)),
    timestamp,
    headers: { [HEADER]: Buffer.from('1') },
  };
}

/** The input positions a changelog record carries, if it is a position marker. */
export function readPositionMarker(message: KafkaMessage): Map<string, bigint> | undefined {
  if (message.headers?.[HEADER] === undefined || message.value === null) return undefined;
  const parsed = JSON.parse(message.value.toString()) as Record<string, string>;
  return new Map(Object.entries(parsed).map(([topic, offset]) => [topic, BigInt(offset)]));
}

/**
 * Where a restored task resumes: the committed offsets, unless every changelog of the task ends
 * with a marker ahead of them (its state already holds that input's effects).
 */
export function resumePositions(
  committed: ReadonlyMap<string, bigint>,
  markers: ReadonlyArray<ReadonlyMap<string, bigint>>,
  changelogCount: number,
): Map<string, bigint> {
  const positions = new Map(committed);
  if (changelogCount === 0 || markers.length !== changelogCount) return positions;
  for (const [topic, offset] of committed) {
    const marked = markers.map((m) => m.get(topic) ?? offset).reduce((a, b) => (a < b ? a : b));
    if (marked > offset) positions.set(topic, marked);
  }
  return positions;
}
