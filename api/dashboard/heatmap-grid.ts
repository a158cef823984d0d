/** The hour-of-week heatmap's grid: pure, so the shading and the day order are tested. */

/** A cell of the API's answer: ISO day (1 Monday … 7 Sunday), hour 0–23, posts. */
export interface HourCell {
  day: number;
  hour: number;
  posts: number;
}

export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** 7 rows (Monday first) of 24 counts; cells the answer lacks are 0. */
export function heatmapGrid(cells: readonly HourCell[]): { rows: number[][]; max: number } {
  const rows = DAY_NAMES.map(() => new Array<number>(24).fill(0));
  let max = 0;
  for (const { day, hour, posts } of cells) {
    const row = rows[day - 1];
    if (!row || hour < 0 || hour > 23) continue;
    row[hour] = posts;
    max = Math.max(max, posts);
  }
  return { rows, max };
}

/** A shade from 0 (none) to 4 (the busiest hour), so colour steps stay few and readable. */
export function shade(posts: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (posts <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((posts / max) * 4)) as 1 | 2 | 3 | 4;
}

/** The busiest cell in words, e.g. `Tuesday 09:00–10:00 (12 posts)`; undefined when there are none. */
export function busiest(cells: readonly HourCell[]): string | undefined {
  const top = cells.reduce<HourCell | undefined>(
    (best, cell) => (cell.posts > (best?.posts ?? 0) ? cell : best),
    undefined,
  );
  if (!top) return undefined;
  const hour = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${DAY_NAMES[top.day - 1]} ${hour(top.hour)}–${hour(top.hour + 1)} (${top.posts} post${top.posts === 1 ? '' : 's'})`;
}
