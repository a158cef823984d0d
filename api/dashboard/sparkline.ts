/** A sparkline's SVG path from a series of counts: pure, so the scaling is tested. */

/**
 * An SVG path drawing `values` left to right across `width`, scaled so the largest touches the
 * top and 0 the bottom (with a pixel of margin for the stroke); empty for fewer than two values.
 */
export function sparklinePath(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return '';
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const y = (value: number) => (height - 1 - (Math.max(0, value) / max) * (height - 2)).toFixed(1);
  return values
    .map((value, index) => `${index === 0 ? 'M' : 'L'}${(index * step).toFixed(1)},${y(value)}`)
    .join(' ');
}
