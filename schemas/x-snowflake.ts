/** X ids are snowflakes: milliseconds since X's epoch in the bits above 22, so they sort by time. */
const TWITTER_EPOCH = 1288834974657n;

/** The snowflake X would give a post created at `ms` (sequence `sequence` within that ms). */
export function snowflakeAt(ms: number, sequence = 0): string {
  return String(((BigInt(ms) - TWITTER_EPOCH) << 22n) | BigInt(sequence & 0xfff));
}

/** When the post with this id was created, in epoch ms. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + TWITTER_EPOCH);
}

/** The later of two ids (undefined counts as the earliest). */
export function newer(a: string | undefined, b: string): string {
  return a === undefined || BigInt(b) > BigInt(a) ? b : a;
}

/** The earlier of two ids (undefined counts as the latest). */
export function older(a: string | undefined, b: string): string {
  return a === undefined || BigInt(b) < BigInt(a) ? b : a;
}
