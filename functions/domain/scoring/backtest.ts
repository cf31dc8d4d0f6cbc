/**
 * The backtest of Fader, Hardie & Lee (2005): fit on a calibration period, predict the holdout,
 * compare. Ranking: AUC of the model's expected holdout purchases for "no purchase in the
 * holdout", next to recency alone as the baseline to beat. Calibration: expected against actual
 * holdout purchase days, in total and by calibration frequency. And the cumulative tracking
 * curve (expected repeat purchases of the cohort week by week, across both periods).
 */
import type { TransactionModel } from './models.js';

export interface BacktestCustomer {
  x: number;
  tx: number;
  T: number;
  /** Purchase days in the holdout. */
  holdoutPurchases: number;
  /** Time from the data's first day to this customer's first purchase (model units). */
  firstPurchaseAt: number;
  /** Repeat purchase days, at their times since the data's first day (for the tracking curve). */
  repeatTimes: readonly number[];
}

export interface FrequencyRow {
  frequency: string;
  customers: number;
  actualMean: number;
  expectedMean: number;
}

export interface BacktestResult {
  customers: number;
  holdoutLength: number;
  auc: { model: number; recency: number; interval95: { model: [number, number]; recency: [number, number] } };
  holdout: { actual: number; expected: number; error: number };
  byFrequency: FrequencyRow[];
  tracking: { time: number; actual: number; expected: number }[];
}

/** Ranks 1 … n of `values` (ties get the mean of their ranks). */
function midranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

export interface AucEstimate {
  auc: number;
  /** DeLong's standard error: how much the AUC would move with another sample of customers. */
  standardError: number;
  /** The 95 % confidence interval, AUC ± 1.96 standard errors, within [0, 1]. */
  interval95: [number, number];
}

/**
 * AUC by the rank-sum (Mann–Whitney) statistic, ties counted half, with DeLong, DeLong &
 * Clarke-Pearson's (1988) standard error from each customer's placement among the other class.
 * `positive` scores should be higher. NaN when either class is empty.
 */
export function aucEstimate(scores: readonly number[], positive: readonly boolean[]): AucEstimate {
  const all = midranks(scores);
  const pos = scores.filter((_, i) => positive[i]);
  const neg = scores.filter((_, i) => !positive[i]);
  const m = pos.length;
  const n = neg.length;
  if (m === 0 || n === 0)
    return { auc: Number.NaN, standardError: Number.NaN, interval95: [Number.NaN, Number.NaN] };
  const withinPos = midranks(pos);
  const withinNeg = midranks(neg);
  // Placements: the share of the other class each customer outranks (ties half).
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let p = 0;
  let q = 0;
  scores.forEach((_, i) => {
    if (positive[i]) {
      v10[p] = ((all[i] as number) - (withinPos[p] as number)) / n;
      p++;
    } else {
      v01[q] = 1 - ((all[i] as number) - (withinNeg[q] as number)) / m;
      q++;
    }
  });
  const value = v10.reduce((s, v) => s + v, 0) / m;
  const variance = (v: Float64Array) =>
    v.length > 1 ? v.reduce((s, x) => s + (x - value) ** 2, 0) / (v.length - 1) : 0;
  const standardError = Math.sqrt(variance(v10) / m + variance(v01) / n);
  return {
    auc: value,
    standardError,
    interval95: [Math.max(0, value - 1.96 * standardError), Math.min(1, value + 1.96 * standardError)],
  };
}

/** AUC alone (see `aucEstimate`). */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  return aucEstimate(scores, positive).auc;
}

const FREQUENCY_BANDS = 7; // 0 … 6 and 7+

export function runBacktest(
  model: TransactionModel,
  customers: readonly BacktestCustomer[],
  holdoutLength: number,
  calibrationEnd: number,
): BacktestResult {
  if (customers.length === 0) throw new RangeError('no customers in the calibration period');
  const expected = customers.map((c) => model.expected(holdoutLength, c.x, c.tx, c.T));
  const quiet = customers.map((c) => c.holdoutPurchases === 0);
  const actualTotal = customers.reduce((s, c) => s + c.holdoutPurchases, 0);
  const expectedTotal = expected.reduce((s, v) => s + v, 0);

  const bands = Array.from({ length: FREQUENCY_BANDS + 1 }, () => ({ customers: 0, actual: 0, expected: 0 }));
  customers.forEach((c, i) => {
    const band = bands[Math.min(c.x, FREQUENCY_BANDS)] as {
      customers: number;
      actual: number;
      expected: number;
    };
    band.customers++;
    band.actual += c.holdoutPurchases;
    band.expected += expected[i] as number;
  });

  const modelAuc = aucEstimate(
    expected.map((v) => -v),
    quiet,
  );
  const recencyAuc = aucEstimate(
    customers.map((c) => c.T - c.tx),
    quiet,
  );
  return {
    customers: customers.length,
    holdoutLength,
    auc: {
      model: modelAuc.auc,
      recency: recencyAuc.auc,
      interval95: { model: modelAuc.interval95, recency: recencyAuc.interval95 },
    },
    holdout: {
      actual: actualTotal,
      expected: expectedTotal,
      error: (expectedTotal - actualTotal) / actualTotal,
    },
    byFrequency: bands
      .map((b, i) => ({
        frequency: i === FREQUENCY_BANDS ? `${FREQUENCY_BANDS}+` : String(i),
        customers: b.customers,
        actualMean: b.customers ? b.actual / b.customers : 0,
        expectedMean: b.customers ? b.expected / b.customers : 0,
      }))
      .filter((b) => b.customers > 0),
    tracking: trackingCurve(model, customers, calibrationEnd + holdoutLength),
  };
}

/**
 * Cumulative repeat purchases of the whole cohort at each whole time unit: actual, and expected
 * from the model for new customers (Σ E[X(t − sᵢ)]), grouped by first-purchase time so each
 * distinct start costs one evaluation per unit.
 */
export function trackingCurve(model: TransactionModel, customers: readonly BacktestCustomer[], end: number) {
  const starts = new Map<number, number>();
  for (const c of customers) starts.set(c.firstPurchaseAt, (starts.get(c.firstPurchaseAt) ?? 0) + 1);
  const steps = Math.ceil(end);
  const actualPerStep = new Float64Array(steps + 1);
  for (const c of customers)
    for (const t of c.repeatTimes) {
      // A purchase on day d counts from unit ⌊d⌋ + 1 on (BTYD's tracking: day < 7w for week w).
      const step = Math.min(steps, Math.max(0, Math.floor(t) + 1));
      actualPerStep[step] = (actualPerStep[step] as number) + 1;
    }
  const curve: { time: number; actual: number; expected: number }[] = [];
  let cumulative = 0;
  for (let time = 1; time <= steps; time++) {
    cumulative += actualPerStep[time] as number;
    let expected = 0;
    for (const [start, count] of starts)
      if (time > start) expected += count * model.expected(time - start, 0, 0, 0);
    curve.push({ time, actual: cumulative, expected });
  }
  return curve;
}
