import { audienceColumns } from './audience-series';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

describe('audience columns', () => {
  it('continues the forecast and its band from the last observed day, and marks anomalies', () => {
    const columns = audienceColumns(
      [
        { window_start: '2026-12-04T00:00:00Z', count: 100 },
        { window_start: '2026-12-05T00:00:00Z', count: 110, anomaly: { metric: 'members', score: 4.2 } },
      ],
      [
        { day: '2026-12-06', count: 115, lower: 105, upper: 125 },
        { day: '2026-12-07', count: 120, lower: 100, upper: 140 },
      ],
    );
    expect(columns).toEqual([
      [day('2026-12-04'), day('2026-12-05'), day('2026-12-06'), day('2026-12-07')],
      [100, 110, null, null],
      [null, 110, 115, 120],
      [null, 110, 105, 100],
      [null, 110, 125, 140],
      [null, 110, null, null],
    ]);
  });

  it('draws the observed line alone without a forecast', () => {
    expect(audienceColumns([{ window_start: '2026-12-05T00:00:00Z', count: 7 }], [])).toEqual([
      [day('2026-12-05')],
      [7],
      [null],
      [null],
      [null],
      [null],
    ]);
  });

  it('draws nothing from nothing', () => {
    expect(audienceColumns([], [])).toEqual([[], [], [], [], [], []]);
  });
});
