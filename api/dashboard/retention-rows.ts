/** A group's 7-day retention as the group section shows it: pure, so the words and percents are tested. */

/** One join day of `GET /v1/channels/{channel}/group/retention`. */
export interface Cohort {
  day: string;
  joined: number;
  /** Null until the 7 days after the join day have ended. */
  stayed: number | null;
  active: number | null;
}

/** A cohort's row: the counts with their share of the day's newcomers, or when it will be known. */
export interface RetentionRow {
  day: string;
  joined: number;
  stayed: string;
  wrote: string;
}

const DAY_MS = 86_400_000;

/** `3 (75%)`; a share of nobody is not a share. */
export function countWithShare(count: number, of: number): string {
  return of === 0 ? String(count) : `${count} (${Math.round((count / of) * 100)}%)`;
}

/** The day a cohort's 7 days are over and its numbers known (`2026-12-01` → `2026-12-09`). */
export function measuredOn(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 8 * DAY_MS).toISOString().slice(0, 10);
}

/** A UTC day as people read it (`2026-12-01` → `Dec 1, 2026`): join days are UTC days, whatever the viewer's zone. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** The rows, newest join day first (the ones people ask about), pending cohorts saying when. */
export function retentionRows(cohorts: readonly Cohort[]): RetentionRow[] {
  return [...cohorts]
    .sort((a, b) => b.day.localeCompare(a.day))
    .map((cohort) => {
      const pending = `known on ${formatDay(measuredOn(cohort.day))}`;
      return {
        day: cohort.day,
        joined: cohort.joined,
        stayed: cohort.stayed === null ? pending : countWithShare(cohort.stayed, cohort.joined),
        wrote: cohort.active === null ? pending : countWithShare(cohort.active, cohort.joined),
      };
    });
}

/** The sentence above the table. */
export function retentionSummary(answer: {
  cohorts: readonly Cohort[];
  measured: number;
  stayed_percent: number | null;
  active_percent: number | null;
}): string {
  if (answer.cohorts.length === 0) return 'Nobody joined in these 30 days.';
  const newcomers = answer.cohorts.reduce((sum, cohort) => sum + cohort.joined, 0);
  if (answer.measured === 0 || answer.stayed_percent === null)
    return `${newcomers} joined in these 30 days; their first 7 days are not over yet.`;
  return (
    `Of ${answer.measured} newcomers whose first 7 days are over, ${answer.stayed_percent}% stayed ` +
    `and ${answer.active_percent ?? 0}% wrote in those 7 days.`
  );
}
