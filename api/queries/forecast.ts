/**
 * Growth forecasts: additive Holt-Winters with a damped trend and a weekly season, in its
 * state-space form ETS(A,Ad,A) (Hyndman and Athanasopoulos, "Forecasting: Principles and Practice",
 * 3rd ed., 8.7), so prediction intervals have a closed form. No maintained npm package fits: the
 * ones that exist are unmaintained ports or ARIMA in WebAssembly; this is small and tested.
 */

/** The season of daily audience series: a week. */
export const SEASON = 7;
/** Days of history below which no forecast is given: two whole seasons to start the season from. */
export const MIN_HISTORY = 2 * SEASON;
/** The 80% two-sided interval: the standard normal's 90th percentile. */
const Z80 = 1.2815515655446004;

export interface SmoothingParameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface ForecastPoint {
  /** Steps ahead of the last observation (1 is the next day). */
  step: number;
  value: number;
  /** The 80% prediction interval. */
  lower: number;
  upper: number;
}

export interface Forecast {
  parameters: SmoothingParameters;
  points: ForecastPoint[];
}

interface State {
  level: number;
  trend: number;
  season: number[];
}

/** The first two seasons give the start: the first's mean level, the growth between the two. */
function initialState(history: readonly number[]): State {
  const mean = (from: number) => history.slice(from, from + SEASON).reduce((a, b) => a + b, 0) / SEASON;
  const [first, second] = [mean(0), mean(SEASON)];
  const trend = (second - first) / SEASON;
  // The first season's level, centred on its middle day, taken back to day 0's eve.
  const level = first - trend * ((SEASON + 1) / 2);
  const season = history.slice(0, SEASON).map((y, i) => y - (level + trend * (i + 1)));
  return { level, trend, season };
}

/** Runs the filter over the history: the last state and the sum of squared one-step errors. */
function filter(history: readonly number[], p: SmoothingParameters): { state: State; sse: number } {
  const state = initialState(history);
  const season = [...state.season];
  let { level, trend } = state;
  let sse = 0;
  for (let t = 0; t < history.length; t++) {
    const s = season[t % SEASON]!;
    const error = history[t]! - (level + p.phi * trend + s);
    sse += error * error;
    level = level + p.phi * trend + p.alpha * error;
    trend = p.phi * trend + p.beta * error;
    season[t % SEASON] = s + p.gamma * error;
  }
  // Rotate so season[0] is the next step's.
  const offset = history.length % SEASON;
  return { state: { level, trend, season: [...season.slice(offset), ...season.slice(0, offset)] }, sse };
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const FRACTIONS = [0, 0.05, 0.1, 0.25, 0.5];
const PHIS = [0.8, 0.9, 0.95, 0.98, 1];

/**
 * The parameters with the least one-step squared error over the history, from a grid within the
 * model's usual bounds (0 ≤ β ≤ α, 0 ≤ γ ≤ 1 − α): a few thousand filters of a few hundred days.
 */
export function fitParameters(history: readonly number[]): SmoothingParameters {
  let best = { sse: Infinity, parameters: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 } };
  for (const alpha of ALPHAS) {
    for (const betaShare of FRACTIONS) {
      for (const gammaShare of FRACTIONS) {
        for (const phi of PHIS) {
          const parameters = { alpha, beta: alpha * betaShare, gamma: (1 - alpha) * gammaShare, phi };
          const { sse } = filter(history, parameters);
          if (sse < best.sse) best = { sse, parameters };
        }
      }
    }
  }
  return best.parameters;
}

/**
 * The next `horizon` values of a daily series with their 80% intervals; null with fewer than
 * MIN_HISTORY values. Var(h) = σ²(1 + Σ_{j<h} c_j²), c_j = α + β(φ + … + φ^j) + γ[j ≡ 0 mod 7].
 */
export function forecast(history: readonly number[], horizon: number): Forecast | null {
  if (history.length < MIN_HISTORY) return null;
  const parameters = fitParameters(history);
  const { alpha, beta, gamma, phi } = parameters;
  const { state, sse } = filter(history, parameters);
  const sigma2 = sse / Math.max(1, history.length - 4);
  const points: ForecastPoint[] = [];
  let damped = 0; // φ + φ² + … + φ^h
  let variance = sigma2;
  for (let step = 1; step <= horizon; step++) {
    if (step > 1) {
      const c = alpha + beta * damped + ((step - 1) % SEASON === 0 ? gamma : 0);
      variance += sigma2 * c * c;
    }
    damped += phi ** step;
    const value = state.level + damped * state.trend + state.season[(step - 1) % SEASON]!;
    const half = Z80 * Math.sqrt(variance);
    points.push({ step, value, lower: value - half, upper: value + half });
  }
  return { parameters, points };
}
