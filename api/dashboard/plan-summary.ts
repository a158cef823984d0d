/** The plan's limits in words: pure, so the channels page and the tests agree. */
import { formatLimit, planName, plural } from './format';

/** The limits the channels page states (the shape of `Organization.limits`). */
export interface PlanLimitsView {
  max_channels: number | null;
  granularities: string[];
  history_days: number | null;
  exports: boolean;
}

/** One line per limit, e.g. `2 of 3 channels tracked`, `Hourly and minute data: not included`. */
export function planLines(limits: PlanLimitsView, tracked: number): string[] {
  const channels =
    limits.max_channels === null
      ? `${plural(tracked, 'channel')} tracked (no limit)`
      : `${tracked} of ${formatLimit(limits.max_channels, 'channels')} tracked`;
  return [
    channels,
    `Granularities: ${limits.granularities.join(', ')}`,
    limits.history_days === null ? 'History: all of it' : `History: the last ${limits.history_days} days`,
    `CSV export: ${limits.exports ? 'included' : 'not included'}`,
  ];
}

/** The plan's name as a heading says it. */
export function planTitle(plan: string): string {
  return `${planName(plan)} plan`;
}

/** Whether the organization may track another channel. */
export function canTrackMore(limits: PlanLimitsView, tracked: number): boolean {
  return limits.max_channels === null || tracked < limits.max_channels;
}
