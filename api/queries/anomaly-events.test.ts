import { newAnomalies } from './anomaly-events';

const window = (start: string, posts: number, score?: number) => ({
  window_start: start,
  posts,
  ...(score === undefined ? {} : { anomaly: { metric: 'posts', score } }),
});

describe('anomaly events of a live stream', () => {
  it('announces each flagged window with its metric, score and value, in the windows order', () => {
    const windows = [window('10:00', 1), window('10:01', 30, 29), window('10:02', 1), window('10:03', 0, -4)];
    const { events } = newAnomalies(windows, new Set());
    expect(events).toEqual([
      { window_start: '10:01', metric: 'posts', score: 29, value: 30 },
      { window_start: '10:03', metric: 'posts', score: -4, value: 0 },
    ]);
  });

  it('never announces the same window twice, even when its score or value changes', () => {
    const first = newAnomalies([window('10:00', 1), window('10:01', 30, 29)], new Set());
    const again = newAnomalies([window('10:00', 1), window('10:01', 31, 30)], first.announced);
    expect(again.events).toEqual([]);
    const later = newAnomalies([window('10:01', 31, 30), window('10:02', 40, 12)], again.announced);
    expect(later.events).toEqual([{ window_start: '10:02', metric: 'posts', score: 12, value: 40 }]);
  });

  it('does not announce a window again when its flag comes back after a later answer dropped it', () => {
    const first = newAnomalies([window('10:00', 1), window('10:01', 30, 29)], new Set());
    const unflagged = newAnomalies([window('10:00', 1), window('10:01', 30)], first.announced);
    expect(newAnomalies([window('10:01', 30, 5)], unflagged.announced).events).toEqual([]);
  });

  it('forgets windows that left the answer, so what it remembers stays as small as the answer', () => {
    const first = newAnomalies([window('10:01', 30, 29)], new Set());
    const { announced } = newAnomalies([window('10:05', 1)], first.announced);
    expect([...announced]).toEqual([]);
  });

  it('does not change the set it is given', () => {
    const given = new Set<string>();
    newAnomalies([window('10:01', 30, 29)], given);
    expect(given.size).toBe(0);
  });

  it('announces nothing for windows without a flag', () => {
    expect(newAnomalies([window('10:00', 1), window('10:01', 2)], new Set())).toEqual({
      events: [],
      announced: new Set(),
    });
  });
});
