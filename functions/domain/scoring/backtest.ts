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
  /**
   * Null when the holdout does not split the cohort — nobody bought in it, or everybody did —
   * so there is no ranking to judge.
   */
  auc: {
    model: number;
    recency: number;
    interval95: { model: [number, number]; recency: [number, number] };
    /** How much better the model ranks than recency alone, with its paired 95 % interval. */
    modelOverRecency: AucGap;
  } | null;
  /** `error` is (expected − actual) / actual: null when nobody bought in the holdout. */
  holdout: { actual: number; expected: number; error: number | null };
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
 * Each customer's placement among the other class: for a positive, the share of negatives it
 * outranks; for a negative, the share of positives that outrank it (ties half). Their mean is
 * the AUC, their spread its error (DeLong, DeLong & Clarke-Pearson 1988).
 */
function placements(scores: readonly number[], positive: readonly boolean[]) {
  const all = midranks(scores);
  const withinPos = midranks(scores.filter((_, i) => positive[i]));
  const withinNeg = midranks(scores.filter((_, i) => !positive[i]));
  const m = withinPos.length;
  const n = withinNeg.length;
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
  return { v10, v01, auc: v10.reduce((s, v) => s + v, 0) / m };
}

/** Sample covariance (n − 1) of two equally long series about the given means. */
function covariance(a: Float64Array, b: Float64Array, meanA: number, meanB: number): number {
  if (a.length < 2) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - meanA) * ((b[i] as number) - meanB);
  return sum / (a.length - 1);
}

const NO_ESTIMATE: AucEstimate = {
  auc: Number.NaN,
  standardError: Number.NaN,
  interval95: [Number.NaN, Number.NaN],
};

/**
 * AUC by the rank-sum (Mann–Whitney) statistic, ties counted half, with DeLong's standard error.
 * `positive` scores should be higher. NaN when either class is empty.
 */
export function aucEstimate(scores: readonly number[], positive: readonly boolean[]): AucEstimate {
  const { v10, v01, auc: value } = placements(scores, positive);
  if (v10.length === 0 || v01.length === 0) return NO_ESTIMATE;
  const variance =
    covariance(v10, v10, value, value) / v10.length + covariance(v01, v01, value, value) / v01.length;
  return withInterval(value, Math.sqrt(variance), [0, 1]);
}

/**
 * AUC(a) − AUC(b) for two rankings of the same customers, with DeLong's paired standard error:
 * the two share their customers, so the difference is known far better than either AUC alone.
 */
export function aucDifference(
  a: readonly number[],
  b: readonly number[],
  positive: readonly boolean[],
): AucEstimate {
  const pa = placements(a, positive);
  const pb = placements(b, positive);
  if (pa.v10.length === 0 || pa.v01.length === 0) return NO_ESTIMATE;
  const part = (x: Float64Array, y: Float64Array) =>
    (covariance(x, x, pa.auc, pa.auc) +
      covariance(y, y, pb.auc, pb.auc) -
      2 * covariance(x, y, pa.auc, pb.auc)) /
    x.length;
  const variance = part(pa.v10, pb.v10) + part(pa.v01, pb.v01);
  return withInterval(pa.auc - pb.auc, Math.sqrt(Math.max(0, variance)), [-1, 1]);
}

function withInterval(value: number, standardError: number, [low, high]: [number, number]): AucEstimate {
  return {
    auc: value,
    standardError,
    interval95: [Math.max(low, value - 1.96 * standardError), Math.min(high, value + 1.96 * standardError)],
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
  return backtestFrom(
    model,
    expectedHoldout(model, customers, holdoutLength),
    customers,
    holdoutLength,
    calibrationEnd,
  );
}

/** An AUC gap between two rankings of the same customers, with its paired 95 % interval. */
export interface AucGap {
  difference: number;
  interval95: [number, number];
}

/**
 * Several models on the same cohort, each with its paired AUC gap to the best-ranking one (0 for
 * the best itself; an interval that holds 0 means the data cannot tell the two apart). The gap is
 * null when the holdout does not split the cohort.
 */
export function compareBacktests(
  models: readonly TransactionModel[],
  customers: readonly BacktestCustomer[],
  holdoutLength: number,
  calibrationEnd: number,
): { result: BacktestResult; behindBest: AucGap | null }[] {
  const runs = models.map((model) => {
    const expected = expectedHoldout(model, customers, holdoutLength);
    return { expected, result: backtestFrom(model, expected, customers, holdoutLength, calibrationEnd) };
  });
  const aucOf = (run: (typeof runs)[number] | undefined) =>
    run?.result.auc?.model ?? Number.NEGATIVE_INFINITY;
  const best = runs.reduce<(typeof runs)[number] | undefined>(
    (a, b) => (aucOf(b) > aucOf(a) ? b : a),
    undefined,
  );
  const quiet = customers.map((c) => c.holdoutPurchases === 0);
  const ranking = (expected: readonly number[]) => expected.map((v) => -v);
  return runs.map(({ expected, result }) => {
    if (!result.auc || !best) return { result, behindBest: null };
    const gap = aucDifference(ranking(expected), ranking(best.expected), quiet);
    return { result, behindBest: { difference: gap.auc, interval95: gap.interval95 } };
  });
}

function expectedHoldout(
  model: TransactionModel,
  customers: readonly BacktestCustomer[],
  holdoutLength: number,
) {
  return customers.map((c) => model.expected(holdoutLength, c.x, c.tx, c.T));
}

function backtestFrom(
  model: TransactionModel,
  expected: readonly number[],
  customers: readonly BacktestCustomer[],
  holdoutLength: number,
  calibrationEnd: number,
): BacktestResult {
  if (customers.length === 0) throw new RangeError('no customers in the calibration period');
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

  const quietCount = quiet.filter(Boolean).length;
  return {
    customers: customers.length,
    holdoutLength,
    auc:
      quietCount === 0 || quietCount === customers.length ? null : rankingQuality(expected, customers, quiet),
    holdout: {
      actual: actualTotal,
      expected: expectedTotal,
      error: actualTotal > 0 ? (expectedTotal - actualTotal) / actualTotal : null,
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

/** The model's ranking (by expected holdout purchases, fewest first) against recency alone. */
function rankingQuality(
  expected: readonly number[],
  customers: readonly BacktestCustomer[],
  quiet: readonly boolean[],
): NonNullable<BacktestResult['auc']> {
  const modelScores = expected.map((v) => -v);
  const recencyScores = customers.map((c) => c.T - c.tx);
  const modelAuc = aucEstimate(modelScores, quiet);
  const recencyAuc = aucEstimate(recencyScores, quiet);
  const gain = aucDifference(modelScores, recencyScores, quiet);
  return {
    model: modelAuc.auc,
    recency: recencyAuc.auc,
    interval95: { model: modelAuc.interval95, recency: recencyAuc.interval95 },
    modelOverRecency: { difference: gain.auc, interval95: gain.interval95 },
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
