import { backtest } from './forecast-backtest';
import { syntheticHistory } from './synthetic-history';

/**
 * `npm run bench:forecast`: the growth forecast's accuracy on held-back history. A seeded synthetic
 * audience (trend, weekly season, noise) of 240 days; from day 90 on, every week, forecast 7 and
 * 30 days from the days before and compare with what followed, next to the naive forecast (the
 * last value). Prints; asserts nothing.
 */
const series = syntheticHistory(240, 42);
const rows = [7, 30].map((horizon) => backtest(series, horizon, 90));
console.log('growth forecast backtest: 240 synthetic days, origins weekly from day 90');
console.log('horizon  origins  holt-winters MAPE  naive MAPE  80% interval coverage');
for (const row of rows) {
  console.log(
    `${String(row.horizon).padStart(7)}  ${String(row.origins).padStart(7)}  ${row.modelMape.toFixed(3).padStart(16)}%  ${row.naiveMape.toFixed(3).padStart(9)}%  ${(100 * row.coverage).toFixed(1).padStart(20)}%`,
  );
}
