/**
 * The churn moment of a customer with a regular rhythm, from their own purchase cycle.
 *
 * The transaction models treat purchases as a Poisson process: the wait to the next purchase is
 * memoryless, so a customer who has ordered every 30 days for a year and then goes quiet for five
 * months looks, to Pareto/NBD, hardly different from one who buys at random (issue 22: a small
 * shop of monthly buyers got churn moments years out). A regular buyer's own gaps say far more.
 *
 * The model here is the BG/NBD idea with the customer's own clock: after each purchase the
 * customer drops out with probability π, and while alive their gaps are log-normal with the
 * location and spread of their past gaps. Then, Δ after the last purchase with none since,
 *
 *   P(alive) = (1 − π)·S(Δ) / ((1 − π)·S(Δ) + π),   S(Δ) = P(gap > Δ),
 *
 * which is at most θ once S(Δ) ≤ (θ/(1 − θ))·π/(1 − π). π is Laplace's rule of succession on
 * the customer's own record — they carried on after each of their first x purchases (uniform
 * prior on π): π = 1/(x + 2), so the bound is (θ/(1 − θ))/(x + 1). The next gap's quantile comes
 * from the predictive distribution of a log-normal with both parameters estimated from n gaps:
 * ln gap ~ m + s·√(1 + 1/n)·t_{n−1} (s floored at 0.1: a shop's clock is never better than a
 * few days in a month). A monthly buyer with 8 gaps within ±20 % is thus called lapsing about 5
 * weeks after their last order at θ = 0.5, and about 6–7 weeks at θ = 0.1. Their P(alive), now
 * and in 90 days, is read from the same curve, so the two always agree.
 */
import { regularity } from './purchase-patterns.js';

/** What a churn moment is computed from: the population's model, or the customer's own cycle. */
export type ChurnMomentMethod = 'model' | 'purchase-cycle';

/** A customer's purchase cycle: enough to recompute the churn moment for any θ. */
export interface PurchaseCycle {
  /** Gaps between purchase days the cycle was estimated from. */
  gaps: number;
  /** exp(mean ln gap): the usual gap in days. */
  usualGapDays: number;
  /** Standard deviation of ln gap (n − 1), before the floor. */
  logGapSd: number;
}

/** At least this many purchase days (five gaps) for a cycle: fewer pin no spread down. */
export const MIN_CYCLE_PURCHASE_DAYS = 6;
/** Gap CVs up to this are a regular rhythm: the X class of `regularity`. */
export const MAX_CYCLE_GAP_CV = 0.5;
/** The least spread of ln gap a cycle is credited with (about ±10 %). */
const MIN_LOG_GAP_SD = 0.1;

/**
 * The customer's purchase cycle, when they have a regular rhythm (at least six purchase days,
 * gap CV ≤ 0.5); undefined otherwise, and the model's churn moment applies.
 */
export function purchaseCycleOf(purchaseDays: readonly number[]): PurchaseCycle | undefined {
  if (purchaseDays.length < MIN_CYCLE_PURCHASE_DAYS) return undefined;
  const cv = regularity(purchaseDays).gapCv;
  if (cv === null || cv > MAX_CYCLE_GAP_CV) return undefined;
  const n = purchaseDays.length - 1;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 1; i <= n; i++) {
    const gap = (purchaseDays[i] as number) - (purchaseDays[i - 1] as number);
    if (!(gap > 0)) return undefined; // purchase days are distinct and ascending; anything else is no cycle
    const l = Math.log(gap);
    sum += l;
    sumSquares += l * l;
  }
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  return { gaps: n, usualGapDays: Math.exp(mean), logGapSd: Math.sqrt(variance) };
}

/**
 * P(alive) `days` after the last purchase with none since: (1 − π)·S / ((1 − π)·S + π) with
 * π = 1/(n + 2), so S·(n + 1) / (S·(n + 1) + 1).
 */
export function cyclePAlive(cycle: PurchaseCycle, days: number): number {
  if (!(days > 0)) return (cycle.gaps + 1) / (cycle.gaps + 2);
  const n = cycle.gaps;
  const spread = Math.max(MIN_LOG_GAP_SD, cycle.logGapSd) * Math.sqrt(1 + 1 / n);
  const survival = studentTSurvival((Math.log(days) - Math.log(cycle.usualGapDays)) / spread, n - 1);
  const odds = survival * (n + 1);
  return odds / (odds + 1);
}

/** How far ahead a cycle's churn moment is looked for (as the models' horizon): a century. */
const HORIZON_DAYS = 36_500;

/**
 * Whole days from the last purchase to the first day on which P(alive) is at most θ with no
 * purchase since (see the module comment); 0 when it already is at the last purchase. Found by
 * bisection over whole days, so the day is exactly where `cyclePAlive` crosses θ.
 */
export function cycleChurnDelay(cycle: PurchaseCycle, theta: number): number {
  const reached = (days: number) => cyclePAlive(cycle, days) <= theta;
  if (reached(0)) return 0;
  // The crossing lies a few usual gaps out: doubling from the usual gap brackets it in a probe or
  // two, and bisection over the bracket's days finds it in about five (a century's would take 16).
  let above = 0;
  let reachedOn = Math.max(1, Math.ceil(cycle.usualGapDays));
  while (!reached(reachedOn)) {
    if (reachedOn >= HORIZON_DAYS) return HORIZON_DAYS; // unreachable for θ > 0: S falls to 0 long before
    above = reachedOn;
    reachedOn = Math.min(HORIZON_DAYS, reachedOn * 2);
  }
  while (reachedOn - above > 1) {
    const mid = Math.floor((above + reachedOn) / 2);
    if (reached(mid)) reachedOn = mid;
    else above = mid;
  }
  return reachedOn;
}

/**
 * P(T > t) for Student's t with a whole number ν ≥ 1 of degrees of freedom, by the finite series
 * of Abramowitz & Stegun 26.7.3–4 (exact; O(ν)).
 */
export function studentTSurvival(t: number, nu: number): number {
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const angle = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const cos2 = Math.cos(angle) ** 2;
  const sin = Math.sin(angle);
  // A(|t| | ν) = P(|T| < |t|).
  let within: number;
  if (nu % 2 === 1) {
    let term = Math.cos(angle);
    let sum = nu > 1 ? term : 0;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= (cos2 * (k - 1)) / k;
      sum += term;
    }
    within = (2 / Math.PI) * (angle + sin * sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= nu - 2; k += 2) {
      term *= (cos2 * (k - 1)) / k;
      sum += term;
    }
    within = sin * sum;
  }
  const tail = (1 - Math.min(1, within)) / 2;
  return t >= 0 ? tail : 1 - tail;
}
