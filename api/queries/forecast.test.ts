import { syntheticHistory } from '../../bench/forecast/synthetic-history';
import { forecast } from './forecast';

describe('forecast (damped additive Holt-Winters, weekly season)', () => {
  it('continues a noiseless trend and weekly season exactly', () => {
    const weekly = [5, 9, 3, -2, -4, -6, -5];
    const line = (day: number) => 1000 + 12 * day + weekly[day % 7]!;
    const history = Array.from({ length: 70 }, (_, day) => line(day));
    const answer = forecast(history, 30)!;
    answer.points.forEach((point) => expect(point.value).toBeCloseTo(line(69 + point.step), 3));
  });

  it('gives no forecast below the minimum history', () => {
    expect(forecast(syntheticHistory(13), 7)).toBeNull();
    expect(forecast(syntheticHistory(14), 7)?.points).toHaveLength(7);
  });

  it('widens the 80% interval with the horizon, around the forecast', () => {
    const { points } = forecast(syntheticHistory(120), 30)!;
    for (const point of points) expect(point.lower).toBeLessThan(point.value);
    const widths = points.map((point) => point.upper - point.lower);
    expect(widths[29]!).toBeGreaterThan(widths[0]!);
    widths.slice(1).forEach((width, i) => expect(width).toBeGreaterThanOrEqual(widths[i]! - 1e-9));
  });
});
