/** A closed calendar period of the processed exports, in UTC. */
export interface Period {
  readonly grain: 'daily' | 'weekly' | 'monthly';
  /** Inclusive start and exclusive end, epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Its name in object keys: 2026-12-01, 2026-W49 (ISO week), 2026-12. */
  readonly label: string;
}

const DAY = 86_400_000;

/**
 * The days, ISO weeks (Monday to Monday) and months that overlap `[since, until)` and have ended
 * by `closedBy`: the periods an export run looks at.
 */
export function closedPeriods(since: number, until: number, closedBy: number): Period[] {
  const periods: Period[] = [];
  for (let day = floorDay(since); day < until; day += DAY) periods.push(daily(day));
  for (let week = mondayOf(since); week < until; week += 7 * DAY) periods.push(weekly(week));
  for (let month = monthOf(since); month < until; month = nextMonth(month)) periods.push(monthly(month));
  return periods.filter((period) => period.end <= closedBy);
}

function daily(start: number): Period {
  return { grain: 'daily', start, end: start + DAY, label: new Date(start).toISOString().slice(0, 10) };
}

function weekly(start: number): Period {
  // The ISO week's year is the year of its Thursday.
  const thursday = new Date(start + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return { grain: 'weekly', start, end: start + 7 * DAY, label: `${year}-W${String(week).padStart(2, '0')}` };
}

function monthly(start: number): Period {
  return { grain: 'monthly', start, end: nextMonth(start), label: new Date(start).toISOString().slice(0, 7) };
}

function floorDay(time: number): number {
  return Math.floor(time / DAY) * DAY;
}

function mondayOf(time: number): number {
  const day = floorDay(time);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0
  return day - weekday * DAY;
}

function monthOf(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonth(start: number): number {
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
