/**
 * A seeded synthetic audience history: a trend, a weekly season and noise, the shape of a growing
 * channel whose members join more on weekdays. Deterministic for a seed, so backtests compare.
 */
export function syntheticHistory(days: number, seed = 42): number[] {
  let state = seed;
  const uniform = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const weekly = [60, 90, 100, 80, 40, -120, -250];
  return Array.from({ length: days }, (_, day) =>
    Math.round(20_000 + 35 * day + 0.04 * day * day + weekly[day % 7]! + 45 * normal()),
  );
}
