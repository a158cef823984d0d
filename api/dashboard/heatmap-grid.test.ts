import { busiest, heatmapGrid, shade } from './heatmap-grid';

describe('hour-of-week heatmap', () => {
  it('puts Monday first and Sunday last, and fills missing cells with 0', () => {
    const { rows, max } = heatmapGrid([
      { day: 1, hour: 0, posts: 2 },
      { day: 7, hour: 23, posts: 5 },
    ]);
    expect(rows).toHaveLength(7);
    expect(rows[0]![0]).toBe(2);
    expect(rows[6]![23]).toBe(5);
    expect(rows[3]!.every((posts) => posts === 0)).toBe(true);
    expect(max).toBe(5);
  });

  it('ignores cells outside the week', () => {
    const { rows, max } = heatmapGrid([
      { day: 0, hour: 1, posts: 9 },
      { day: 8, hour: 1, posts: 9 },
      { day: 2, hour: 24, posts: 9 },
    ]);
    expect(max).toBe(0);
    expect(rows.flat().every((posts) => posts === 0)).toBe(true);
  });

  it('shades in four steps, none for an empty hour', () => {
    expect(shade(0, 10)).toBe(0);
    expect(shade(1, 10)).toBe(1);
    expect(shade(5, 10)).toBe(2);
    expect(shade(10, 10)).toBe(4);
    expect(shade(3, 0)).toBe(0);
  });

  it('names the busiest hour', () => {
    expect(
      busiest([
        { day: 2, hour: 9, posts: 12 },
        { day: 5, hour: 23, posts: 3 },
      ]),
    ).toBe('Tuesday 09:00–10:00 (12 posts)');
    expect(busiest([{ day: 7, hour: 23, posts: 1 }])).toBe('Sunday 23:00–00:00 (1 post)');
    expect(busiest([{ day: 1, hour: 0, posts: 0 }])).toBeUndefined();
  });
});
