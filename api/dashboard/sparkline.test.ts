import { sparklinePath } from './sparkline';

describe('sparklinePath', () => {
  it('spans the width and puts the largest value at the top, 0 at the bottom', () => {
    expect(sparklinePath([0, 5, 10], 100, 22)).toBe('M0.0,21.0 L50.0,11.0 L100.0,1.0');
  });

  it('draws a flat line at the bottom for no posts, and nothing for one point', () => {
    expect(sparklinePath([0, 0], 10, 12)).toBe('M0.0,11.0 L10.0,11.0');
    expect(sparklinePath([3], 10, 12)).toBe('');
  });
});
