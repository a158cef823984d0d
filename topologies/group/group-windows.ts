import { TimeWindows } from '../engine';

export const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * How long after a window ends a member's activity may still change it. Telegram keeps an update
 * it could not deliver to the webhook for up to a day and retries meanwhile, so a message can
 * arrive a day after its `date` while the other groups on its partition have moved stream time
 * on; a second day covers a backfill or sample replay that interleaves histories. Emission is not
 * suppressed, so grace delays nothing: it costs only the days of state the window stores keep.
 */
export const GROUP_ACTIVITY_GRACE_MS = 2 * DAY_MS;

/** UTC days. */
export const dayWindows = (): TimeWindows => TimeWindows.ofSizeWithGrace(DAY_MS, GROUP_ACTIVITY_GRACE_MS);

/**
 * Seven-day windows starting every day. Windows are aligned to the epoch, a Thursday, so no
 * tumbling week starts on a Monday; of the seven windows holding a record, the one starting on a
 * Monday is its ISO week, and `isIsoWeekStart` keeps only that one.
 */
export const weekWindows = (): TimeWindows =>
  TimeWindows.ofSizeWithGrace(WEEK_MS, GROUP_ACTIVITY_GRACE_MS).advanceBy(DAY_MS);

/** Whether a window starting at `startMs` (a UTC midnight) starts an ISO week: a Monday. */
export function isIsoWeekStart(startMs: number): boolean {
  // Day 0 of the epoch is a Thursday; day 4, 1970-01-05, the first Monday.
  return Math.floor(startMs / DAY_MS) % 7 === 4;
}
