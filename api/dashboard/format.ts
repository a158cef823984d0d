/** How the dashboard writes numbers, dates and plans: pure, so the pages and the tests agree. */

export type Granularity = 'minute' | 'hour' | 'day' | 'week' | 'month';

/** The granularities the channel page offers (week and month are rollups of days). */
export const PAGE_GRANULARITIES: readonly Granularity[] = ['minute', 'hour', 'day'];

/** How far back the channel page looks by default for each granularity, in milliseconds. */
export const DEFAULT_SPAN_MS: Record<Granularity, number> = {
  minute: 3 * 3_600_000,
  hour: 2 * 86_400_000,
  day: 30 * 86_400_000,
  week: 180 * 86_400_000,
  month: 365 * 86_400_000,
};

/** A window's length in seconds (weeks and months vary; the chart only needs an approximate end). */
export const WINDOW_SECONDS: Record<Granularity, number> = {
  minute: 60,
  hour: 3_600,
  day: 86_400,
  week: 7 * 86_400,
  month: 30 * 86_400,
};

/** `1 window`, `2 windows`. */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

const PLAN_NAMES: Record<string, string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };

/** A plan id as people read it (`pro` → `Pro`); an unknown id is shown as it is. */
export function planName(plan: string | null | undefined): string {
  if (!plan) return 'a higher';
  return PLAN_NAMES[plan] ?? plan;
}

/** A count with thousands separators (`12345` → `12,345`); null reads as a dash. */
export function formatCount(value: number | null | undefined, locale = 'en-US'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale).format(value);
}

/** A limit that may be unlimited (null). */
export function formatLimit(value: number | null, unit: string): string {
  return value === null ? `unlimited ${unit}` : `${formatCount(value)} ${unit}`;
}

/** A window start as the viewer reads it, in their time zone: minutes and hours show the time. */
export function formatWindow(iso: string, granularity: string): string {
  const options: Intl.DateTimeFormatOptions =
    granularity === 'minute' || granularity === 'hour'
      ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }
      : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat('en-US', options).format(new Date(iso));
}

/**
 * A Date as the value of an `<input type="datetime-local">` in the viewer's local time
 * (`YYYY-MM-DDTHH:MM`): the input has no time zone, so the conversion must not use UTC.
 */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** The value of a `datetime-local` input as an ISO instant with offset (the API asks for one); undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The default range of a granularity ending now: `from` and `to` as ISO instants. */
export function defaultRange(granularity: Granularity, now = Date.now()): { from: string; to: string } {
  return {
    from: new Date(now - DEFAULT_SPAN_MS[granularity]).toISOString(),
    to: new Date(now).toISOString(),
  };
}

/** A post's text cut to `max` characters on a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
