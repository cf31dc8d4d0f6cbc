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
  auc: { model: number; recency: number };
  holdout: { actual: number; expected: number; error: number };
  byFrequency: FrequencyRow[];
  tracking: { time: number; actual: number; expected: number }[];
}

/** AUC by the rank-sum (Mann–Whitney) statistic, ties counted half. `positive` scores should be higher. */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k] as number]) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
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

  return {
    customers: customers.length,
    holdoutLength,
    auc: {
      model: auc(
        expected.map((v) => -v),
        quiet,
      ),
      recency: auc(
        customers.map((c) => c.T - c.tx),
        quiet,
      ),
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
