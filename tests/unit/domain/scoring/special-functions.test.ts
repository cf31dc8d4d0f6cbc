import { describe, expect, it } from 'vitest';
import { logHyp2f1 } from '../../../../functions/domain/scoring/special-functions.js';

describe('ln ₂F₁ by the log-space Gauss series', () => {
  it('matches mpmath to 12 digits, including values far beyond double range for big x', () => {
    const cases: [number, number, number, number, number][] = [
      [0.243, 2.426, 2.219, 0.898327728382549, 1.937370302592653],
      [29.243, 31.426, 31.219, 0.474025816175219, 163999717.81490833],
      [200.243, 202.426, 202.219, 0.539340759640716, 2.985699783947238e67],
    ];
    for (const [a, b, c, z, value] of cases) {
      expect(logHyp2f1(a, b, c, z)).toBeCloseTo(Math.log(value), 10);
    }
    expect(Number.isFinite(logHyp2f1(2000.5, 2002.5, 2001.5, 0.6))).toBe(true);
  });

  it('refuses arguments outside its domain instead of returning NaN', () => {
    expect(() => logHyp2f1(1, 1, 1, 1)).toThrow(RangeError);
    expect(() => logHyp2f1(-1, 1, 1, 0.5)).toThrow(RangeError);
  });
});
