/**
 * The CDNOW backtest of Fader, Hardie & Lee (2005) as the research benches run it: calibration to
 * 1997-09-30, holdout to 1998-06-30, weeks; the cohort read the way `reactivate backtest` reads it,
 * and Pareto/NBD (the product's default) fitted on the calibration period.
 */
import type { BacktestCustomer } from '../functions/domain/scoring/backtest.js';
import { compress, type FitData } from '../functions/domain/scoring/fit-data.js';
import { fitTransactionModel } from '../functions/domain/scoring/models.js';
import type { ParetoNbdParameters } from '../functions/domain/scoring/pareto-nbd.js';
import type { PurchaseHistory } from '../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../functions/domain/timestamps.js';
import { backtestCohort, loadOrders } from '../lib/cli/scoring-commands.js';

export const CALIBRATION_END = epochDay('1997-09-30');
export const HOLDOUT_END = epochDay('1998-06-30');
export const UNIT_DAYS = 7;
/** The holdout's length in weeks. */
export const HOLDOUT = (HOLDOUT_END - CALIBRATION_END) / UNIT_DAYS;

export const CDNOW_FILES = ['data/cdnow/CDNOW_sample.txt', 'data/cdnow/CDNOW_master.txt'];

export interface CdnowBacktest {
  /** The file's name, for the printed lines. */
  name: string;
  cohort: BacktestCustomer[];
  /** Each cohort customer's calibration-period history, in the same order. */
  calibrationHistories: PurchaseHistory[];
  /** The cohort as Pareto/NBD is fitted on it: distinct (x, t_x, T) rows with their counts. */
  calibration: FitData;
  pareto: { params: ParetoNbdParameters; logLikelihood: number; seconds: number };
  /** "No purchase in the holdout", per cohort customer. */
  quiet: boolean[];
}

export async function cdnowBacktest(file: string): Promise<CdnowBacktest> {
  const { histories } = await loadOrders(
    { orders: file, format: 'cdnow' },
    { json: true, interactive: false },
  );
  const { cohort, calibrationHistories } = backtestCohort(histories, CALIBRATION_END, HOLDOUT_END, UNIT_DAYS);
  const calibration = compress(
    cohort.map((c) => ({ x: c.x, txDays: c.tx * UNIT_DAYS, TDays: c.T * UNIT_DAYS })),
    UNIT_DAYS,
  );
  const started = performance.now();
  const fit = fitTransactionModel('pareto', calibration);
  return {
    name: file.split('/').pop() as string,
    cohort,
    calibrationHistories,
    calibration,
    pareto: {
      params: fit.params as ParetoNbdParameters,
      logLikelihood: fit.logLikelihood,
      seconds: (performance.now() - started) / 1000,
    },
    quiet: cohort.map((c) => c.holdoutPurchases === 0),
  };
}
