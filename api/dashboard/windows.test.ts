import { mergeWindows, postSeries, totalPosts } from './windows';

const w = (start: string, posts: number) => ({ window_start: start, posts });

describe('channel windows', () => {
  const shown = [w('2026-12-06T10:00:00Z', 2), w('2026-12-06T11:00:00Z', 1)];

  it('replaces a window a live event updates and adds a new one, in order', () => {
    const merged = mergeWindows(shown, [w('2026-12-06T12:00:00Z', 1), w('2026-12-06T11:00:00Z', 3)], {
      from: '2026-12-06T00:00:00Z',
    });
    expect(merged).toEqual([
      w('2026-12-06T10:00:00Z', 2),
      w('2026-12-06T11:00:00Z', 3),
      w('2026-12-06T12:00:00Z', 1),
    ]);
    expect(totalPosts(merged)).toBe(6);
  });

  it('never widens the range the viewer chose', () => {
    const merged = mergeWindows(shown, [w('2026-12-06T09:00:00Z', 5), w('2026-12-06T12:00:00Z', 5)], {
      from: '2026-12-06T10:00:00Z',
      to: '2026-12-06T12:00:00Z',
    });
    expect(merged).toEqual(shown);
  });

  it('gives uPlot every window of the span, 0 where none was answered', () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    const span = {
      fromMs: Date.parse('2026-12-06T09:30:00Z'),
      toMs: Date.parse('2026-12-06T12:10:00Z'),
      stepSeconds: 3600,
    };
    expect(postSeries(shown, span)).toEqual([
      [
        at('2026-12-06T09:00:00Z'),
        at('2026-12-06T10:00:00Z'),
        at('2026-12-06T11:00:00Z'),
        at('2026-12-06T12:00:00Z'),
      ],
      [0, 2, 1, 0],
    ]);
  });

  it('still draws a window the API answered outside the span', () => {
    const span = {
      fromMs: Date.parse('2026-12-06T11:00:00Z'),
      toMs: Date.parse('2026-12-06T12:00:00Z'),
      stepSeconds: 3600,
    };
    expect(postSeries(shown, span)[1]).toEqual([2, 1]);
    expect(totalPosts([])).toBe(0);
  });
});
