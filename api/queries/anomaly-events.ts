import { z } from 'zod';
import type { Anomaly } from './anomalies';

/** The `data` of a live stream's `anomaly` event: one newly flagged window. */
export const anomalyEventSchema = z
  .object({
    window_start: z.string().describe('The flagged window.'),
    metric: z.string().describe('The counter that jumped (`posts`).'),
    score: z.number().describe('Its robust z-score against the preceding windows (positive: a jump up).'),
    value: z.number().describe("The window's value of that counter."),
  })
  .strict();

export type AnomalyEvent = z.infer<typeof anomalyEventSchema>;

/** A window as an answer carries it: its start, its counters, and `anomaly` when flagged. */
export interface AnsweredWindow {
  window_start: string;
  anomaly?: Anomaly;
}

/**
 * The flagged windows of an answer that a stream has not announced yet, in the answer's order,
 * and what the stream has announced after sending them. A window is announced once per stream,
 * whatever its score or value becomes later (a later answer rescores it against more windows);
 * what is remembered is kept to the windows still in the answer, which only moves forward, so it
 * never outgrows one answer. Pure: `announced` is not changed.
 */
export function newAnomalies(
  windows: readonly AnsweredWindow[],
  announced: ReadonlySet<string>,
): { events: AnomalyEvent[]; announced: Set<string> } {
  const events: AnomalyEvent[] = [];
  // Announced windows still in the answer are remembered, flagged or not now: a flag that goes
  // and comes back is the same window.
  const starts = new Set(windows.map((window) => window.window_start));
  const next = new Set([...announced].filter((key) => starts.has(key.slice(0, key.lastIndexOf('|')))));
  for (const window of windows) {
    const { anomaly } = window;
    if (!anomaly) continue;
    const key = `${window.window_start}|${anomaly.metric}`;
    if (next.has(key)) continue;
    next.add(key);
    const value = (window as unknown as Record<string, unknown>)[anomaly.metric];
    events.push({
      window_start: window.window_start,
      metric: anomaly.metric,
      score: anomaly.score,
      value: typeof value === 'number' ? value : Number(value),
    });
  }
  return { events, announced: next };
}
