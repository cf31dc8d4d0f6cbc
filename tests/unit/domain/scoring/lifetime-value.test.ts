import { describe, expect, it } from 'vitest';
import { betaGeometricExpected } from '../../../../functions/domain/scoring/beta-geometric.js';
import {
  createDiscountedPurchases,
  discountedPurchases,
  horizonProblem,
} from '../../../../functions/domain/scoring/lifetime-value.js';

/** Half a purchase per week, for ever: every month holds the same expected purchases. */
const steady = { expected: (t: number) => 0.5 * t };

describe('discountedPurchases', () => {
  it('discounts each month by (1 + d)^i (hand computation)', () => {
    // A month is 365.25/12/7 = 4.348214 weeks: 2.174107 purchases. Discounted at 1 % a month
    // over 3 months: 2.174107 × (1/1.01 + 1/1.01² + 1/1.01³) = 2.174107 × 2.940985 = 6.394017.
    const value = discountedPurchases(steady, { months: 3, discountRate: 0.01 }, 7, 0, 0, 0);
    expect(value).toBeCloseTo(6.394017, 6);
  });

  it('undiscounted, is the expected purchases over the whole horizon', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const model = {
      expected: (t: number, x: number, tx: number, T: number) =>
        betaGeometricExpected('bgnbd', p, t, x, tx, T),
    };

    const value = discountedPurchases(model, { months: 12, discountRate: 0 }, 7, 2, 30.43, 38.86);

    expect(value).toBeCloseTo(betaGeometricExpected('bgnbd', p, 365.25 / 7, 2, 30.43, 38.86), 12);
  });

  it('is worth less the higher the discount rate, and more at a negative one above −1', () => {
    const at = (discountRate: number) =>
      discountedPurchases(steady, { months: 12, discountRate }, 1, 0, 0, 0);
    expect(at(0.05)).toBeLessThan(at(0.01));
    expect(at(-0.5)).toBeGreaterThan(at(0));
    expect(Number.isFinite(at(-0.5))).toBe(true);
  });
});

describe('createDiscountedPurchases', () => {
  it('computes each distinct (x, t_x, T) once and gives the same value as the direct sum', () => {
    let calls = 0;
    const counting = {
      expected: (t: number) => {
        calls++;
        return 0.5 * t;
      },
    };
    const perCustomer = createDiscountedPurchases(counting, { months: 12, discountRate: 0.01 }, 7);

    const first = perCustomer(1, 14, 70);
    const again = perCustomer(1, 14, 70);

    expect(again).toBe(first);
    expect(calls).toBe(12);
    expect(first).toBeCloseTo(
      discountedPurchases(steady, { months: 12, discountRate: 0.01 }, 7, 1, 2, 10),
      12,
    );
  });
});

describe('horizonProblem', () => {
  it.each([
    [{ months: 0, discountRate: 0.01 }, /whole number of months/],
    [{ months: 2.5, discountRate: 0.01 }, /whole number of months/],
    [{ months: 12, discountRate: -1 }, /above −1/],
    [{ months: 12, discountRate: -3 }, /above −1/],
    [{ months: 12, discountRate: Number.NaN }, /finite/],
    [{ months: 12, discountRate: Number.POSITIVE_INFINITY }, /finite/],
  ])('names what is wrong with %o', (horizon, message) => {
    expect(horizonProblem(horizon)).toMatch(message);
  });

  it('accepts a whole number of months and a rate above −1', () => {
    expect(horizonProblem({ months: 12, discountRate: 0.01 })).toBeNull();
    expect(horizonProblem({ months: 1, discountRate: -0.5 })).toBeNull();
  });
});
