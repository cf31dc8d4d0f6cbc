/**
 * The statistics of a campaign report: was the contacted group reactivated more often, and did
 * it spend more, than the control group that got nothing?
 *
 * - Each group's reactivation rate with a 95 % Wilson score interval (sound for small groups
 *   and rates near 0, unlike the normal approximation).
 * - The lift (difference of the rates) with Newcombe's hybrid score interval (method 10 of
 *   Newcombe 1998), built from the two Wilson intervals.
 * - Revenue per customer: the difference of means with a Welch (unequal variance) interval.
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

/** mean(a) − mean(b) with a Welch interval (normal quantile: the groups are large or the interval is rough anyway). */
export function meanDifference(a: readonly number[], b: readonly number[]): MeanDifference | null {
  if (a.length === 0 || b.length === 0) return null;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = (xs: readonly number[], m: number) =>
    xs.length > 1 ? xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) : 0;
  const ma = mean(a);
  const mb = mean(b);
  const se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  const d = ma - mb;
  return {
    meanA: ma,
    meanB: mb,
    difference: d,
    ci95: a.length > 1 && b.length > 1 ? { low: d - Z95 * se, high: d + Z95 * se } : null,
  };
}
