/**
 * The backtest a scoring run keeps with its model, so a marketer can see how far to trust the
 * churn moments: the model fitted again on the data up to a calibration day, asked who would buy
 * in the holdout that follows (up to the model's own as-of day), and judged against what happened
 * — AUC with its 95 % interval next to recency alone, the holdout forecast error, mean actual
 * against mean expected holdout purchases by calibration frequency, and the cumulative tracking
 * curve. The same method as `reactivate backtest` (docs/scoring.md), on the
 * population the model was fitted on.
 */

import { dayString } from '../timestamps.js';
import { type BacktestCustomer, type BacktestResult, type FrequencyRow, runBacktest } from './backtest.js';
import { transactionModel } from './models.js';
import {
  fitTransactionModelOn,
  type PurchaseHistory,
  recencyOf,
  type ScoringModelOptions,
} from './scoring-model.js';

export interface ModelBacktest {
  calibrationEnd: string;
  holdoutEnd: string;
  /** Days per model unit: the tracking curve's `time` is in these units since `firstDay`. */
  unitDays: number;
  firstDay: string;
  /** Customers who had bought by the calibration end (of a sample of `sampledFrom` when sampled). */
  customers: number;
  sampledFrom?: number;
  auc: BacktestResult['auc'];
  holdout: BacktestResult['holdout'];
  /** Calibration against the holdout by repeat purchases; absent from models stored before it was kept. */
  byFrequency?: FrequencyRow[];
  tracking: BacktestResult['tracking'];
}

/** A holdout of a third of the history, between four weeks and a year. */
const MIN_HOLDOUT_DAYS = 28;
const MAX_HOLDOUT_DAYS = 365;
/** Customers the backtest looks at, at most: a larger population is sampled (about this many). */
export const BACKTEST_SAMPLE = 50_000;

/**
 * FNV-1a over the purchase days: the sample is chosen by what a history holds, not by where it
 * comes in the scan, so the same data always give the same backtest (as they give the same model).
 */
function contentHash(history: PurchaseHistory): number {
  let h = 0x811c9dc5;
  for (const day of history.purchaseDays) {
    h ^= day & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= day >>> 16;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type ModelBacktestOutcome = { backtest: ModelBacktest } | { skipped: string };

export function backtestModel(
  histories: readonly PurchaseHistory[],
  asOfDay: number,
  options: ScoringModelOptions,
): ModelBacktestOutcome {
  const unitDays = options.unitDays ?? 7;
  const stride = Math.max(1, Math.ceil(histories.length / BACKTEST_SAMPLE));
  // Equal histories (a promotion day's one-time buyers) each get their occurrence mixed in, so they
  // are sampled one by one rather than all in or all out — still whatever the scan order.
  const seen = new Map<number, number>();
  const sample =
    stride === 1
      ? histories
      : histories.filter((h) => {
          const hash = contentHash(h);
          const occurrence = seen.get(hash) ?? 0;
          seen.set(hash, occurrence + 1);
          return (Math.imul(hash ^ occurrence, 0x9e3779b1) >>> 0) % stride === 0;
        });
  let firstDay = Number.POSITIVE_INFINITY;
  for (const h of sample)
    if ((h.purchaseDays[0] ?? firstDay) < firstDay) firstDay = h.purchaseDays[0] as number;
  const span = asOfDay - firstDay;
  const holdoutDays = Math.min(MAX_HOLDOUT_DAYS, Math.round(span / 3));
  if (!Number.isFinite(span) || holdoutDays < MIN_HOLDOUT_DAYS)
    return {
      skipped: `the history is ${Number.isFinite(span) ? span : 0} days long: a backtest needs at least ${3 * MIN_HOLDOUT_DAYS} (a third of it held out)`,
    };
  const calibrationEnd = asOfDay - holdoutDays;
  const cohort: BacktestCustomer[] = [];
  const calibration: PurchaseHistory[] = [];
  const sinceStart = (d: number) => (d - firstDay) / unitDays;
  for (const history of sample) {
    const r = recencyOf(history, calibrationEnd, unitDays);
    if (!r) continue;
    const days = history.purchaseDays;
    const later = days.filter((d) => d > calibrationEnd && d <= asOfDay);
    const seen = days.filter((d) => d <= asOfDay);
    calibration.push(history);
    cohort.push({
      x: r.x,
      tx: r.tx,
      T: r.T,
      holdoutPurchases: later.length,
      firstPurchaseAt: sinceStart(days[0] as number),
      repeatTimes: seen.slice(1).map(sinceStart),
    });
  }
  if (cohort.length < 2)
    return { skipped: `only ${cohort.length} customer had bought by ${dayString(calibrationEnd)}` };
  let fitted: ReturnType<typeof fitTransactionModelOn>;
  try {
    fitted = fitTransactionModelOn(calibration, calibrationEnd, options);
  } catch (error) {
    return { skipped: `the calibration fit failed: ${(error as Error).message}` };
  }
  const result = runBacktest(
    transactionModel(fitted.transaction),
    cohort,
    holdoutDays / unitDays,
    sinceStart(calibrationEnd),
  );
  return {
    backtest: {
      calibrationEnd: dayString(calibrationEnd),
      holdoutEnd: dayString(asOfDay),
      unitDays,
      firstDay: dayString(firstDay),
      customers: cohort.length,
      ...(stride > 1 ? { sampledFrom: histories.length } : {}),
      auc: result.auc,
      holdout: result.holdout,
      byFrequency: result.byFrequency,
      tracking: result.tracking,
    },
  };
}
