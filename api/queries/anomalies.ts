import { z } from 'zod';

/**
 * "Fake growth" flags: a window far outside the channel's own recent behaviour. Robust z-score
 * (Iglewicz and Hoaglin): the value's distance from the median of the preceding windows, in units
 * of their median absolute deviation (scaled by 1.4826 to match a standard deviation), so one
 * earlier spike does not hide the next the way a mean and standard deviation would. Chosen over
 * seasonal decomposition: it needs two weeks of windows, not several seasons, and has no
 * parameters to fit per channel.
 */

/** Windows before the scored one that form its baseline. */
export const BASELINE_WINDOWS = 14;
/** Fewer preceding windows than this give no score: too little behaviour to be outside of. */
export const MIN_BASELINE = 7;
/** |score| above this is flagged: Iglewicz and Hoaglin's threshold for outliers. */
export const ANOMALY_THRESHOLD = 3.5;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * The robust z-score of each value against up to BASELINE_WINDOWS values before it; null with
 * fewer than MIN_BASELINE. The scale is at least 1: the values are counts, a change of one is
 * never far outside anything, and a flat baseline (MAD 0) divides by no zero. (The mean absolute
 * deviation, the usual fallback for MAD 0, is not robust: one earlier spike would inflate it.)
 */
export function robustScores(values: readonly number[]): (number | null)[] {
  return values.map((value, i) => {
    const baseline = values.slice(Math.max(0, i - BASELINE_WINDOWS), i);
    if (baseline.length < MIN_BASELINE) return null;
    const center = median(baseline);
    const deviations = baseline.map((x) => Math.abs(x - center));
    const scale = Math.max(1.4826 * median(deviations), 1);
    return Math.round(((value - center) / scale) * 100) / 100;
  });
}

/** What an answer's window carries when it is flagged. */
export interface Anomaly {
  /** The counter that jumped. */
  metric: string;
  /** Its robust z-score against the preceding windows (positive: a jump up). */
  score: number;
}

/** The optional field of a flagged window, for answers' schemas. */
export const anomalyField = z
  .object({ metric: z.string(), score: z.number() })
  .optional()
  .describe(
    `Present when the window's counter is far outside the channel's own recent windows: robust ` +
      `z-score (median and MAD of up to ${BASELINE_WINDOWS} windows before it) above ${ANOMALY_THRESHOLD} in size.`,
  );

/**
 * The windows, a flagged one with `anomaly` added: scored on `metric` (null values, such as an
 * unknown first change, are skipped and score nothing).
 */
export function withAnomalies<W extends object>(
  windows: readonly W[],
  metric: string,
  valueOf: (window: W) => number | null,
): (W & { anomaly?: Anomaly })[] {
  const known = windows.map((window, i) => ({ i, value: valueOf(window) })).filter((x) => x.value !== null);
  const scores = robustScores(known.map((x) => x.value!));
  const flagged = new Map<number, number>();
  known.forEach((x, k) => {
    const score = scores[k];
    if (score !== null && score !== undefined && Math.abs(score) > ANOMALY_THRESHOLD) flagged.set(x.i, score);
  });
  return windows.map((window, i) => {
    const score = flagged.get(i);
    return score === undefined ? window : { ...window, anomaly: { metric, score } };
  });
}
