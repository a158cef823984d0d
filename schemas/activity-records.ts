/**
 * The windows the channel-activity and audience topologies emit: contracts between the processors
 * and the ClickHouse sinks (`channel_metrics`, `channel_audience`), so they live with the schemas.
 */
import type { Source } from './channel-key';

/** The windows the processors keep, each written as its own rows: minute, hour and day. */
export const ACTIVITY_GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type ActivityGranularity = (typeof ACTIVITY_GRANULARITIES)[number];

/** The engagement counters, in the order the tables list them. */
export const ENGAGEMENT_COUNTERS = ['reactions', 'replies', 'forwards', 'views', 'likes', 'reposts'] as const;

/** Every counter of a window: posts, edits and the engagement counters. */
export const ACTIVITY_COUNTERS = ['posts', 'edits', ...ENGAGEMENT_COUNTERS] as const;

/**
 * The counters of a channel's activity, one per name in ACTIVITY_COUNTERS (so a counter added to
 * the list is summed, stored and answered everywhere). Posts published and edits made in the
 * window; the engagement counters are net changes observed in it and may be negative.
 */
export type ActivityCounts = Record<(typeof ACTIVITY_COUNTERS)[number], number>;

/** A window in which nothing happened. */
export const NO_ACTIVITY: Readonly<ActivityCounts> = Object.freeze(
  Object.fromEntries(ACTIVITY_COUNTERS.map((counter) => [counter, 0])) as ActivityCounts,
);

/** One window of one channel's activity, as the topology holds it at a commit. */
export interface ChannelActivityWindow extends ActivityCounts {
  source: Source;
  channel_id: string;
  granularity: ActivityGranularity;
  /** Epoch ms of the window's start (UTC). */
  window_start: number;
}

/** One window of a channel's audience (Telegram members, X followers). */
export interface AudienceWindow {
  source: Source;
  channel_id: string;
  metric: 'members' | 'followers';
  granularity: Exclude<ActivityGranularity, 'minute'>;
  window_start: number;
  /** The last count observed in the window. */
  count: number;
  /** The change since the last count observed before the window (the first sample's change is 0). */
  change: number;
  /** Epoch ms of the last sample in the window. */
  observed_at: number;
}
