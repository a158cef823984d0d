import { forecast } from '../../api/queries/forecast';

/** The mean absolute percentage error of predictions against what happened. */
export function mape(actual: readonly number[], predicted: readonly number[]): number {
  const errors = actual.map((value, i) => Math.abs((value - predicted[i]!) / value));
  return (100 * errors.reduce((a, b) => a + b, 0)) / errors.length;
}

export interface BacktestResult {
  horizon: number;
  origins: number;
  /** MAPE of the model's forecasts over every step of every origin's horizon. */
  modelMape: number;
  /** The same for the naive forecast: the last value, unchanged. */
  naiveMape: number;
  /** Share of the actual values inside the model's 80% interval. */
  coverage: number;
}

/**
 * A rolling-origin backtest: from `firstOrigin` on, every `step` days, forecast `horizon` days from
 * the history before the origin (the rest held back) and compare with what followed.
 */
export function backtest(
  series: readonly number[],
  horizon: number,
  firstOrigin: number,
  step = 7,
): BacktestResult {
  const actual: number[] = [];
  const model: number[] = [];
  const naive: number[] = [];
  let inside = 0;
  let origins = 0;
  for (let origin = firstOrigin; origin + horizon <= series.length; origin += step) {
    const history = series.slice(0, origin);
    const answer = forecast(history, horizon);
    if (!answer) continue;
    origins += 1;
    for (const point of answer.points) {
      const value = series[origin + point.step - 1]!;
      actual.push(value);
      model.push(point.value);
      naive.push(history[history.length - 1]!);
      if (point.lower <= value && value <= point.upper) inside += 1;
    }
  }
  return {
    horizon,
    origins,
    modelMape: mape(actual, model),
    naiveMape: mape(actual, naive),
    coverage: actual.length === 0 ? 0 : inside / actual.length,
  };
}
