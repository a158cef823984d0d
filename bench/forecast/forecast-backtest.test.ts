import { backtest, mape } from './forecast-backtest';
import { syntheticHistory } from './synthetic-history';

describe('forecast backtest', () => {
  it('beats the last value on held-back history, its 80% intervals holding most of what followed', () => {
    const series = syntheticHistory(200, 7);
    for (const horizon of [7, 30]) {
      const result = backtest(series, horizon, 90);
      expect(result.modelMape).toBeLessThan(result.naiveMape);
      expect(result.coverage).toBeGreaterThan(0.6);
    }
  });

  it('measures MAPE as a percentage', () => {
    expect(mape([100, 200], [110, 180])).toBeCloseTo(10);
  });
});
