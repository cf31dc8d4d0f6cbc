/**
 * Discounted customer lifetime value over a horizon of whole months, as lifetimes'
 * `customer_lifetime_value` computes it: the expected purchases in each month i (the
 * difference of the cumulative expectations at its end and start) × the expected order value,
 * discounted by (1 + d)^i, summed over i = 1 … N. With d = 0 and 12 months it is the
 * undiscounted one-year CLV (`clv365Days`, up to the 365 vs 365.25 days).
 *
 * A month is 365.25/12 = 30.44 days in every time unit; lifetimes uses 4.345 weeks (30.415
 * days) for weekly models and 30 days for daily ones, so its figures differ from ours by the
 * month's length alone (0.1 % and 1.5 % of a month).
 */
import type { TransactionModel } from './models.js';

export const DAYS_PER_MONTH = 365.25 / 12;

/** A century of months: beyond that nobody plans, and the sum's cost stays bounded. */
export const MAX_CLV_MONTHS = 1_200;

export interface ClvHorizon {
  months: number;
  /** Discount rate per month (lifetimes' default: 0.01). */
  discountRate: number;
}

/** What is wrong with a horizon, in words for the user; null when it is usable. */
export function horizonProblem({ months, discountRate }: ClvHorizon): string | null {
  if (!Number.isInteger(months) || months < 1 || months > MAX_CLV_MONTHS)
    return `the CLV horizon must be a whole number of months from 1 to ${MAX_CLV_MONTHS}, got ${months}`;
  if (!Number.isFinite(discountRate) || discountRate <= -1)
    return `the discount rate must be a finite number above −1 per month (e.g. 0.01), got ${discountRate}: at −1 or below a month's money is worth nothing or less than nothing`;
  return null;
}

/**
 * Σ_i (E[Y(i months)] − E[Y((i−1) months)]) / (1 + d)^i for a customer with x, t_x and T (model
 * units): the discounted expected purchases, which times the expected order value is the CLV.
 */
export function discountedPurchases(
  model: Pick<TransactionModel, 'expected'>,
  horizon: ClvHorizon,
  unitDays: number,
  x: number,
  tx: number,
  T: number,
): number {
  const month = DAYS_PER_MONTH / unitDays;
  let sum = 0;
  let before = 0;
  let discount = 1;
  for (let i = 1; i <= horizon.months; i++) {
    const cumulative = model.expected(i * month, x, tx, T);
    discount /= 1 + horizon.discountRate;
    sum += (cumulative - before) * discount;
    before = cumulative;
  }
  return sum;
}

/**
 * The discounted purchases of a population, computed once per distinct (x, t_x, T) in whole days
 * — what customers share — so a million customers cost the distinct triples' sums, not a million.
 */
export function createDiscountedPurchases(
  model: Pick<TransactionModel, 'expected'>,
  horizon: ClvHorizon,
  unitDays: number,
): (x: number, txDays: number, TDays: number) => number {
  const known = new Map<string, number>();
  return (x, txDays, TDays) => {
    const key = `${x}|${txDays}|${TDays}`;
    let value = known.get(key);
    if (value === undefined) {
      value = discountedPurchases(model, horizon, unitDays, x, txDays / unitDays, TDays / unitDays);
      known.set(key, value);
    }
    return value;
  };
}
