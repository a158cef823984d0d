import { type MemberDays, RETENTION_DAYS } from './group-queries';
import { isoDay } from './period';

/** The members who joined a group on one day, and what became of them in the week after. */
export interface RetentionCohort {
  /** The join day (UTC), `YYYY-MM-DD`. */
  day: string;
  joined: number;
  /** Who had not left by the end of the 7th day after joining; null until that day has ended. */
  stayed: number | null;
  /** Who wrote at least one message on days 1 to 7 after joining; null until then. */
  active: number | null;
}

export interface Retention {
  cohorts: RetentionCohort[];
  /** Members of the cohorts whose week has ended. */
  measured: number;
  /** Percent of `measured` who stayed, and who were active; null when none is measured yet. */
  stayed_percent: number | null;
  active_percent: number | null;
}

const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) => isoDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

/**
 * Retention of new members after `RETENTION_DAYS` days, per join day in [`from`, `to`) (ISO
 * dates). A member who joined twice in the period belongs to both days' cohorts. A join and a leave
 * on the same day count as left: a member's day says whether they joined and whether they left,
 * not in which order. A cohort is measured once its 7th day after joining has ended before `today`.
 */
export function retentionCohorts(members: MemberDays[], from: string, to: string, today: string): Retention {
  const cohorts = new Map<string, RetentionCohort>();
  for (const member of members) {
    for (const joined of member.join_days) {
      if (joined < from || joined >= to) continue;
      const last = addDays(joined, RETENTION_DAYS);
      const cohort = cohorts.get(joined) ?? { day: joined, joined: 0, stayed: 0, active: 0 };
      cohort.joined += 1;
      if (last < today) {
        const left = member.leave_days.some((leave) => leave >= joined && leave <= last);
        const wrote = member.active_days.some((active) => active > joined && active <= last);
        cohort.stayed = cohort.stayed! + (left ? 0 : 1);
        cohort.active = cohort.active! + (wrote ? 1 : 0);
      } else {
        cohort.stayed = null;
        cohort.active = null;
      }
      cohorts.set(joined, cohort);
    }
  }
  const sorted = [...cohorts.values()].sort((a, b) => a.day.localeCompare(b.day));
  const measuredCohorts = sorted.filter((cohort) => cohort.stayed !== null);
  const sum = (pick: (cohort: RetentionCohort) => number) =>
    measuredCohorts.reduce((total, cohort) => total + pick(cohort), 0);
  const measured = sum((cohort) => cohort.joined);
  const percent = (count: number) => (measured === 0 ? null : Math.round((count / measured) * 10_000) / 100);
  return {
    cohorts: sorted,
    measured,
    stayed_percent: percent(sum((cohort) => cohort.stayed!)),
    active_percent: percent(sum((cohort) => cohort.active!)),
  };
}
