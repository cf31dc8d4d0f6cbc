/**
 * The statistics of a campaign report: was the contacted group reactivated more often, and did
 * it spend more, than the control group that got nothing?
 *
 * - Each group's reactivation rate with a 95 % Wilson score interval (sound for small groups
 *   and rates near 0, unlike the normal approximation).
 * - The lift (difference of the rates) with Newcombe's hybrid score interval (method 10 of
 *   Newcombe 1998), built from the two Wilson intervals.
 * - Revenue per customer: the difference of means with a Welch (unequal variance) interval,
 *   widened to the lift's interval priced at the buyers' spend when a group shows no spread
 *   (`revenueDifferenceOf`).
 */

const Z95 = 1.959964;

export interface Interval {
  low: number;
  high: number;
}

export interface Rate {
  count: number;
  of: number;
  rate: number | null;
  ci95: Interval | null;
}

export function wilson(count: number, of: number): Rate {
  if (of === 0) return { count, of, rate: null, ci95: null };
  const p = count / of;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * of)) / (1 + z2 / of);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / (1 + z2 / of);
  return { count, of, rate: p, ci95: { low: Math.max(0, centre - half), high: Math.min(1, centre + half) } };
}

/** p₁ − p₂ with Newcombe's hybrid score interval; null when a group is empty. */
export function rateDifference(a: Rate, b: Rate): { difference: number; ci95: Interval } | null {
  if (a.rate === null || b.rate === null || !a.ci95 || !b.ci95) return null;
  const d = a.rate - b.rate;
  const lowSpread = Math.sqrt((a.rate - a.ci95.low) ** 2 + (b.ci95.high - b.rate) ** 2);
  const highSpread = Math.sqrt((a.ci95.high - a.rate) ** 2 + (b.rate - b.ci95.low) ** 2);
  return { difference: d, ci95: { low: d - lowSpread, high: d + highSpread } };
}

export interface MeanDifference {
  meanA: number;
  meanB: number;
  difference: number;
  ci95: Interval | null;
}

/**
 * Count, mean and sum of squared deviations of a sample, updated one value at a time (Welford):
 * numerically stable, and a few numbers however large the sample — a report over millions of
 * customers keeps these, not the values.
 */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
  /** Values other than 0 (for revenue: the buyers); absent in a tally kept before it was counted. */
  nonZero?: number;
}

export const noMoments = (): Moments => ({ n: 0, mean: 0, m2: 0, nonZero: 0 });

export function addValue(m: Moments, x: number): void {
  m.n++;
  // A tally begun without the count does not start one part-way: it would count too few.
  if (x !== 0 && m.nonZero !== undefined) m.nonZero++;
  const delta = x - m.mean;
  m.mean += delta / m.n;
  m.m2 += delta * (x - m.mean);
}

/** mean(a) − mean(b) with a Welch interval (normal quantile: the groups are large or the interval is rough anyway). */
export function meanDifference(a: readonly number[], b: readonly number[]): MeanDifference | null {
  const moments = (xs: readonly number[]) => {
    const m = noMoments();
    for (const x of xs) addValue(m, x);
    return m;
  };
  return meanDifferenceOf(moments(a), moments(b));
}

/**
 * Revenue per customer of group a against group b (a non-buyer counts 0): Welch's interval, unless
 * a group shows no spread. Welch takes each group's sample variance for its mean's; a group where
 * nobody bought (or every buyer spent the same) has none, as if it could not do otherwise, while
 * its rate's own interval says it may (0 of 57 is up to 6.3 %) — the revenue, and the ROI, looked
 * certain beside a lift that was not. There the lift's interval (Newcombe's), priced at what the
 * buyers spent, is how far the difference can go, and the wider of the two is kept. Nobody bought
 * at all: no interval yet (nothing prices the lift). A tally kept before buyers were counted:
 * Welch's, as before.
 */
export function revenueDifferenceOf(
  a: Moments,
  b: Moments,
  lift: { ci95: Interval } | null,
): MeanDifference | null {
  const revenue = meanDifferenceOf(a, b);
  if (!revenue?.ci95 || !lift || a.nonZero === undefined || b.nonZero === undefined) return revenue;
  const buyers = a.nonZero + b.nonZero;
  if (buyers === 0) return { ...revenue, ci95: null };
  if (a.m2 > 0 && b.m2 > 0) return revenue;
  const perBuyer = (a.mean * a.n + b.mean * b.n) / buyers;
  const [low, high] = [lift.ci95.low * perBuyer, lift.ci95.high * perBuyer];
  return {
    ...revenue,
    ci95: { low: Math.min(revenue.ci95.low, low, high), high: Math.max(revenue.ci95.high, low, high) },
  };
}

export function meanDifferenceOf(a: Moments, b: Moments): MeanDifference | null {
  if (a.n === 0 || b.n === 0) return null;
  const variance = (m: Moments) => (m.n > 1 ? m.m2 / (m.n - 1) : 0);
  const se = Math.sqrt(variance(a) / a.n + variance(b) / b.n);
  const d = a.mean - b.mean;
  return {
    meanA: a.mean,
    meanB: b.mean,
    difference: d,
    ci95: a.n > 1 && b.n > 1 ? { low: d - Z95 * se, high: d + Z95 * se } : null,
  };
}
