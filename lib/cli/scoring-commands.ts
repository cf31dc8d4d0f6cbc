/**
 * `reactivate fit | score | backtest`: the scoring models run straight on an order file (CSV,
 * JSON Lines or CDNOW), no database needed. Rows are checked exactly as the import checks them;
 * rejected rows are reported with their lines and leave the exit code at 1, and a file, date or
 * model that cannot work stops with a message and exit 2 (UsageError).
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { aliveMatrix, aliveMatrixSvg } from '../../functions/domain/scoring/alive-matrix-chart.js';
import {
  type AucGap,
  type BacktestCustomer,
  type BacktestResult,
  compareBacktests,
  runBacktest,
} from '../../functions/domain/scoring/backtest.js';
import { calibrationChartSvg } from '../../functions/domain/scoring/calibration-chart.js';
import { createScorer } from '../../functions/domain/scoring/customer-scores.js';
import type { DayRecencyColumns } from '../../functions/domain/scoring/fit-data.js';
import { populationSummary, unfittableReason } from '../../functions/domain/scoring/fit-requirements.js';
import { fitGammaGamma, type GammaGammaParameters } from '../../functions/domain/scoring/gamma-gamma.js';
import { type ClvHorizon, horizonProblem } from '../../functions/domain/scoring/lifetime-value.js';
import {
  DEFAULT_MODEL,
  type FittedTransactionModel,
  TRANSACTION_MODELS,
  type TransactionModelName,
  transactionModel,
} from '../../functions/domain/scoring/models.js';
import { purchaseCountProbabilities } from '../../functions/domain/scoring/purchase-count-distribution.js';
import {
  assembleScoringModel,
  fitPopulationParts,
  fitScoringModel,
  fitTransactionModelOnColumns,
  fitTransactionPart,
  type ObservationColumns,
  observationColumns,
  type PopulationParts,
  type PurchaseHistory,
  recencyOf,
  type ScoringModel,
  type ScoringModelOptions,
} from '../../functions/domain/scoring/scoring-model.js';
import {
  type ParameterUncertainty,
  spendUncertainty,
  transactionUncertainty,
} from '../../functions/domain/scoring/standard-errors.js';
import { trackingChartSvg } from '../../functions/domain/scoring/tracking-chart.js';
import { dayString, epochDay, isCalendarDay } from '../../functions/domain/timestamps.js';
import type { Rejection } from '../../functions/import/import-runner.js';
import { readOrderFile } from '../../functions/import/order-file-reader.js';
import type { OrderHistories, OrderHistoryCounts } from '../../functions/import/order-histories.js';
import { ImportFileError } from '../../functions/import/record-readers.js';
import { ingestSettings } from '../../functions/use-cases/ingest-settings.js';
import type { StageConfig } from '../config.js';
import { type Format, formatOf } from './file-format.js';
import { type Output, progressBar } from './output.js';
import { readParamsFile, transactionParameters } from './params-file.js';
import { type RowOptions, type ScoredRow, scoredRows } from './score-rows.js';
import { UsageError } from './usage-error.js';

export const FIT_MODELS = ['bgnbd', 'pareto', 'mbgnbd', 'gg'] as const;
export type FitModel = (typeof FIT_MODELS)[number];
export const TIME_UNITS = { week: 7, day: 1 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

export interface OrderFileOptions {
  orders: string;
  format?: Format;
  config?: StageConfig;
}

export interface LoadedOrders {
  histories: OrderHistories;
  /** The first rejected rows; `histories.counts.rejected` has the total. */
  rejections: Rejection[];
  seconds: number;
}

const KEPT_REJECTIONS = 20;

export async function loadOrders(options: OrderFileOptions, out: Output): Promise<LoadedOrders> {
  const format = formatOf(options.orders, options.format, 'orders');
  let size: number;
  try {
    size = statSync(options.orders).size;
  } catch (error) {
    throw new UsageError(`cannot read ${options.orders}: ${(error as Error).message}`);
  }
  // Large reads: the byte readers' cost per chunk is small, but a million of them is not.
  const stream = createReadStream(options.orders, { highWaterMark: 1 << 20 });
  const progress = progressBar(out, 'reading orders', size);
  const defaults = options.config?.defaults ?? { timeZone: 'UTC', currency: 'USD', exchangeRates: {} };
  const rejections: Rejection[] = [];
  const started = performance.now();
  try {
    const settings = ingestSettings(defaults);
    const reading = {
      fileBytes: size,
      onRejection: (r: Rejection) => {
        if (rejections.length < KEPT_REJECTIONS) rejections.push(r);
      },
      onProgress: (counts: OrderHistoryCounts) =>
        progress.update(stream.bytesRead, { ...counts, unchanged: 0 }),
    };
    const histories = await readOrderFile(stream, format, settings, reading);
    progress.stop();
    if (histories.customers === 0)
      throw new UsageError(
        `${options.orders} has no completed order to learn from (${histories.counts.rejected} rows rejected)`,
      );
    return { histories, rejections, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    progress.stop();
    if (error instanceof ImportFileError) throw new UsageError(`${options.orders}: ${error.message}`);
    throw error;
  }
}

/** A `YYYY-MM-DD` option as an epoch day, checked against the data's range. */
export function dayOption(name: string, value: string | undefined, histories: OrderHistories): number {
  if (value === undefined) return histories.lastDay;
  if (!isCalendarDay(value.trim())) throw new UsageError(`${name} '${value}' is not a date (YYYY-MM-DD)`);
  const day = epochDay(value.trim());
  if (day < histories.firstDay)
    throw new UsageError(
      `${name} ${value} is before the first order (${dayString(histories.firstDay)}): there is nothing to learn from`,
    );
  return day;
}

export interface FitCommandOptions extends OrderFileOptions {
  model?: FitModel;
  calibrationEnd?: string;
  timeUnit?: TimeUnit;
  penalizer?: number;
  /** Also give P(n repeat purchases in this many time units) for a new customer. */
  purchasesIn?: number;
  /** The largest n of that table. @default 10 */
  maxPurchases?: number;
  /** Write the frequency/recency P(alive) matrix (SVG) to this file. */
  matrix?: string;
}

/** P(X(t) = n) for a new customer, n = 0 … max, and the chance of more. */
export interface PurchaseCountTable {
  time: number;
  probabilities: { purchases: number; probability: number }[];
  moreThanMax: number;
}

export interface FitResult {
  model: FitModel;
  calibrationEnd: string;
  timeUnit: TimeUnit;
  customers: number;
  params: FittedTransactionModel['params'] | GammaGammaParameters;
  /** se(θ) from the Hessian at the optimum; null (with a warning) when it cannot be inverted. */
  standardErrors: ParameterUncertainty['standardErrors'];
  /** 95 % intervals, exp(ln θ ± 1.96·se(ln θ)); null with the standard errors. */
  intervals: ParameterUncertainty['intervals'];
  logLikelihood: number;
  converged: boolean;
  fitSeconds: number;
  readSeconds: number;
  rejected: number;
  rejections: Rejection[];
  warnings: string[];
  purchaseCounts?: PurchaseCountTable;
  /** Where the P(alive) matrix was written. */
  matrix?: string;
}

export async function fitCommand(options: FitCommandOptions, out: Output): Promise<FitResult> {
  const loaded = await loadOrders(options, out);
  const { histories } = loaded;
  const asOfDay = dayOption('--calibration-end', options.calibrationEnd, histories);
  const timeUnit = options.timeUnit ?? 'week';
  const unitDays = TIME_UNITS[timeUnit];
  const model = options.model ?? DEFAULT_MODEL;
  if ((options.purchasesIn !== undefined || options.matrix) && model === 'gg')
    throw new UsageError(
      '--purchases-in and --matrix need a transaction model (bgnbd, mbgnbd or pareto), not gg',
    );
  const started = performance.now();
  const columns = histories.recencies(asOfDay);
  const warnings: string[] = [];
  let params: FitResult['params'];
  let logLikelihood: number;
  let converged: boolean;
  let customers: number;
  let uncertainty: ParameterUncertainty;
  let purchaseCounts: PurchaseCountTable | undefined;
  if (model === 'gg') {
    const sample: { x: number; meanValue: number }[] = [];
    for (let i = 0; i < columns.length; i++) {
      const x = columns.x[i] as number;
      if (x === 0) continue;
      const repeatSpend = (columns.spend[i] as number) - (columns.firstDaySpend[i] as number);
      sample.push({ x, meanValue: Math.max(0, repeatSpend) / x });
    }
    // Repeat days worth nothing (free samples, 100 % discounts) say nothing about spend.
    const spenders = sample.filter((o) => o.meanValue > 0).length;
    if (spenders < 2)
      throw new UsageError(
        `Gamma-Gamma needs at least two customers who spent something on a second purchase day; ${spenders === 1 ? 'one did' : 'none did'}`,
      );
    const fit = fitGammaGamma(sample, { penalizer: options.penalizer });
    ({ params, logLikelihood, converged } = fit);
    customers = sample.filter((s) => s.meanValue > 0).length;
    if (fit.params.q <= 1) warnings.push('q ≤ 1: the population mean order value is infinite (heavy tail)');
    uncertainty = spendUncertainty(fit.params, sample);
  } else {
    refuseUnfittable(columns.x.subarray(0, columns.length));
    const fitted = fitTransactionModelOnColumns(columns, asOfDay, {
      model,
      unitDays,
      penalizer: options.penalizer,
    });
    ({ params, logLikelihood, converged, customers } = fitted.transaction);
    warnings.push(...fitted.warnings.filter((w) => !w.includes('converge')));
    uncertainty = transactionUncertainty(fitted.transaction, fitted.data);
    if (options.purchasesIn !== undefined)
      purchaseCounts = purchaseCountTable(
        fitted.transaction,
        options.purchasesIn,
        options.maxPurchases ?? 10,
      );
    if (options.matrix) writeAliveMatrix(options.matrix, fitted.transaction, columns, timeUnit);
  }
  if (uncertainty.warning) warnings.push(uncertainty.warning);
  if (!converged) warnings.push('the fit did not converge; a --penalizer (e.g. 0.001) usually helps');
  return {
    model,
    calibrationEnd: dayString(asOfDay),
    timeUnit,
    customers,
    params,
    standardErrors: uncertainty.standardErrors,
    intervals: uncertainty.intervals,
    logLikelihood,
    converged,
    fitSeconds: (performance.now() - started) / 1000,
    readSeconds: loaded.seconds,
    rejected: loaded.histories.counts.rejected,
    rejections: loaded.rejections,
    warnings,
    ...(purchaseCounts && { purchaseCounts }),
    ...(options.matrix && { matrix: options.matrix }),
  };
}

/** Rows and columns of the P(alive) matrix at most: beyond that the cells are too small to read. */
const MATRIX_ROWS = 50;
const MATRIX_COLUMNS = 60;

function writeAliveMatrix(
  file: string,
  fitted: FittedTransactionModel,
  recencies: DayRecencyColumns,
  timeUnit: TimeUnit,
) {
  const unitDays = TIME_UNITS[timeUnit];
  let maxX = 0;
  let maxTDays = 0;
  for (let i = 0; i < recencies.length; i++) {
    maxX = Math.max(maxX, recencies.x[i] as number);
    maxTDays = Math.max(maxTDays, recencies.TDays[i] as number);
  }
  const maxT = maxTDays / unitDays;
  const matrix = aliveMatrix(
    transactionModel(fitted),
    Math.min(maxX, MATRIX_ROWS - 1),
    maxT,
    Math.min(Math.floor(maxT) + 1, MATRIX_COLUMNS),
  );
  writeFileSync(
    file,
    aliveMatrixSvg(matrix, `${fitted.model}: P(alive) by frequency and recency`, `${timeUnit}s`),
  );
}

function purchaseCountTable(fitted: FittedTransactionModel, time: number, max: number): PurchaseCountTable {
  const probabilities = purchaseCountProbabilities(fitted.model, fitted.params, time, max);
  return {
    time,
    probabilities: probabilities.map((probability, purchases) => ({ purchases, probability })),
    moreThanMax: Math.max(0, 1 - probabilities.reduce((s, v) => s + v, 0)),
  };
}

/** Stops before a fit that could mean nothing (one customer, nobody bought twice). */
function refuseUnfittable(repeatCounts: Iterable<number>) {
  const reason = unfittableReason(populationSummary(repeatCounts));
  if (reason) throw new UsageError(`cannot fit a transaction model: ${reason}`);
}

/** Options that choose the transaction model: fitted by name, or saved parameters (`--params`). */
export interface TransactionChoice {
  /** Fit this model; with `params`, the model the file must hold. @default the file's, else pareto */
  model?: TransactionModelName;
  /** @default the params file's unit, else week */
  timeUnit?: TimeUnit;
  /** A file of saved parameters (`fit --json` output): score at them instead of fitting. */
  params?: string;
}

/** The model, time unit and (with `--params`) the parameters to score at, checked. */
function chooseTransaction(options: TransactionChoice) {
  if (!options.params) {
    const timeUnit = options.timeUnit ?? 'week';
    return { model: options.model, timeUnit, unitDays: TIME_UNITS[timeUnit], givenParams: undefined };
  }
  const saved = readParamsFile(options.params, TIME_UNITS);
  const timeUnit = options.timeUnit ?? (saved.timeUnit as TimeUnit | undefined) ?? 'week';
  const chosen = transactionParameters(saved, options.params, { model: options.model, timeUnit }, TIME_UNITS);
  return {
    model: chosen.model,
    timeUnit,
    unitDays: TIME_UNITS[timeUnit],
    givenParams: chosen.params as unknown as FittedTransactionModel['params'],
  };
}

export interface ScoreCommandOptions extends OrderFileOptions, TransactionChoice {
  asOf?: string;
  threshold?: number;
  penalizer?: number;
  /** Also give the CLV over this many months, discounted (lifetimes' `customer_lifetime_value`). */
  clvMonths?: number;
  /** Discount rate per month for that CLV. @default 0.01 (lifetimes') */
  discountRate?: number;
}

export interface ScoreRun {
  model: ScoringModel;
  /** Every customer's row. */
  rows: Iterable<ScoredRow>;
  /** What a worker thread needs to score a share of the customers as `rows` does. */
  histories: OrderHistories;
  rowOptions: RowOptions;
  customers: number;
  rejected: number;
  rejections: Rejection[];
}

/** Another thread that fits a model's population parts (spend, RFM) while this one fits the rest. */
export interface PopulationPartsFitter {
  /** Below this many customers the parts are fitted on this thread: handing them over costs more. */
  readonly minCustomers: number;
  fitPopulationParts(columns: ObservationColumns, options: ScoringModelOptions): Promise<PopulationParts>;
}

export async function scoreCommand(
  options: ScoreCommandOptions,
  out: Output,
  helper?: PopulationPartsFitter,
): Promise<ScoreRun> {
  const loaded = await loadOrders(options, out);
  const { histories } = loaded;
  const asOfDay = dayOption('--as-of', options.asOf, histories);
  const horizon = clvHorizon(options);
  const choice = chooseTransaction(options);
  const columns = observationColumns(histories.recencies(asOfDay));
  if (!choice.givenParams) refuseUnfittable(columns.x.subarray(0, columns.length));
  const fitOptions: ScoringModelOptions = {
    model: choice.model,
    unitDays: choice.unitDays,
    penalizer: options.penalizer,
    givenParams: choice.givenParams,
  };
  const shared =
    helper && columns.length >= helper.minCustomers
      ? helper.fitPopulationParts(columns, fitOptions)
      : undefined;
  // Handled now, so a failure while the transaction fit fails too is not reported as unhandled.
  shared?.catch(() => undefined);
  const transaction = fitTransactionPart(columns, asOfDay, fitOptions);
  const model = assembleScoringModel(transaction, (await shared) ?? fitPopulationParts(columns, fitOptions));
  const rowOptions: RowOptions = {
    asOfDay,
    theta: options.threshold,
    scoredAt: new Date().toISOString(),
    ...(horizon && { horizon }),
  };
  // Checked here, before any row: a bad θ is the user's mistake, not a failure half-way.
  createScorer(model, asOfDay, { theta: options.threshold });
  return {
    model,
    histories,
    rowOptions,
    customers: model.transaction.customers,
    rejected: loaded.histories.counts.rejected,
    rejections: loaded.rejections,
    rows: scoredRows(histories, model, rowOptions),
  };
}

/** The checked CLV horizon of `--clv-months` and `--discount-rate`, if asked for. */
function clvHorizon(options: ScoreCommandOptions): ClvHorizon | undefined {
  if (options.clvMonths === undefined) {
    if (options.discountRate !== undefined)
      throw new UsageError('--discount-rate needs --clv-months (the horizon to discount over)');
    return undefined;
  }
  const horizon = { months: options.clvMonths, discountRate: options.discountRate ?? 0.01 };
  const problem = horizonProblem(horizon);
  if (problem) throw new UsageError(`--clv-months/--discount-rate: ${problem}`);
  return horizon;
}

export interface BacktestCommandOptions extends OrderFileOptions, TransactionChoice {
  calibrationEnd: string;
  holdoutEnd: string;
  penalizer?: number;
  chart?: string;
  /** Write the calibration-vs-holdout chart (SVG) to this file. */
  calibrationChart?: string;
}

export interface BacktestReport extends BacktestResult {
  model: TransactionModelName;
  params: FittedTransactionModel['params'];
  logLikelihood: number;
  calibrationEnd: string;
  holdoutEnd: string;
  timeUnit: TimeUnit;
  /** Customers whose first purchase falls in the holdout: not part of the cohort. */
  laterCustomers: number;
  rejected: number;
  rejections: Rejection[];
  chart?: string;
  calibrationChart?: string;
  warnings: string[];
}

/**
 * The backtest's cohort: customers who bought by the calibration end, with their calibration
 * history (what the model is fitted on) and what they did in the holdout, in model units.
 */
export function backtestCohort(
  histories: OrderHistories,
  calibrationEnd: number,
  holdoutEnd: number,
  unitDays: number,
): { cohort: BacktestCustomer[]; calibrationHistories: PurchaseHistory[]; laterCustomers: number } {
  const cohort: BacktestCustomer[] = [];
  const calibrationHistories: PurchaseHistory[] = [];
  let laterCustomers = 0;
  for (const e of histories.at(calibrationEnd, holdoutEnd)) {
    const r = recencyOf(e.history, calibrationEnd, unitDays);
    if (!r) {
      laterCustomers++;
      continue;
    }
    calibrationHistories.push(e.history);
    const days = e.history.purchaseDays;
    const sinceStart = (d: number) => (d - histories.firstDay) / unitDays;
    cohort.push({
      ...r,
      holdoutPurchases: e.laterDays.length,
      firstPurchaseAt: sinceStart(days[0] as number),
      // Repeat purchases across both periods, for the tracking curve.
      repeatTimes: [...days.slice(1), ...e.laterDays].map(sinceStart),
    });
  }
  return { cohort, calibrationHistories, laterCustomers };
}

interface PreparedBacktest {
  loaded: LoadedOrders;
  calibrationEnd: number;
  holdoutEnd: number;
  timeUnit: TimeUnit;
  unitDays: number;
  cohort: BacktestCustomer[];
  calibrationHistories: PurchaseHistory[];
  laterCustomers: number;
  warnings: string[];
}

/** Reads the file and splits its customers into calibration and holdout, checking the dates. */
async function prepareBacktest(
  options: Omit<BacktestCommandOptions, 'params'>,
  out: Output,
): Promise<PreparedBacktest> {
  const loaded = await loadOrders(options, out);
  const { histories } = loaded;
  const calibrationEnd = dayOption('--calibration-end', options.calibrationEnd, histories);
  const holdoutEnd = dayOption('--holdout-end', options.holdoutEnd, histories);
  if (holdoutEnd <= calibrationEnd)
    throw new UsageError(
      `--holdout-end ${options.holdoutEnd} must be after --calibration-end ${options.calibrationEnd}`,
    );
  if (calibrationEnd >= histories.lastDay)
    throw new UsageError(
      `--calibration-end ${options.calibrationEnd} leaves no holdout: the last order is on ${dayString(histories.lastDay)}`,
    );
  const warnings: string[] = [];
  if (holdoutEnd > histories.lastDay)
    warnings.push(
      `the data end on ${dayString(histories.lastDay)}, before --holdout-end: the holdout is short of data`,
    );
  const timeUnit = options.timeUnit ?? 'week';
  const unitDays = TIME_UNITS[timeUnit];
  const split = backtestCohort(histories, calibrationEnd, holdoutEnd, unitDays);
  const buyers = split.cohort.filter((c) => c.holdoutPurchases > 0).length;
  if (buyers === 0)
    warnings.push(
      'no customer of the cohort bought in the holdout: there is no ranking to judge (no AUC) and no forecast error to give',
    );
  else if (buyers === split.cohort.length)
    warnings.push(
      'every customer of the cohort bought in the holdout: there is no ranking to judge (no AUC)',
    );
  return { loaded, calibrationEnd, holdoutEnd, timeUnit, unitDays, ...split, warnings };
}

/** A model fitted on the calibration period, and the holdout's length and start in model units. */
function fitCalibration(
  prepared: PreparedBacktest,
  model: TransactionModelName | undefined,
  penalizer?: number,
  givenParams?: FittedTransactionModel['params'],
) {
  const { loaded, calibrationEnd, holdoutEnd, unitDays } = prepared;
  if (!givenParams) refuseUnfittable(prepared.cohort.map((c) => c.x));
  return {
    fitted: fitScoringModel(prepared.calibrationHistories, calibrationEnd, {
      model,
      unitDays,
      penalizer,
      givenParams,
    }),
    holdoutLength: (holdoutEnd - calibrationEnd) / unitDays,
    calibrationEndTime: (calibrationEnd - loaded.histories.firstDay) / unitDays,
  };
}

export async function backtestCommand(options: BacktestCommandOptions, out: Output): Promise<BacktestReport> {
  const choice = chooseTransaction(options);
  const prepared = await prepareBacktest({ ...options, timeUnit: choice.timeUnit }, out);
  const { loaded, calibrationEnd, holdoutEnd, timeUnit, cohort } = prepared;
  const {
    fitted: model,
    holdoutLength,
    calibrationEndTime,
  } = fitCalibration(prepared, choice.model, options.penalizer, choice.givenParams);
  const result = runBacktest(transactionModel(model.transaction), cohort, holdoutLength, calibrationEndTime);
  if (options.chart) {
    const svg = trackingChartSvg(
      result,
      calibrationEndTime,
      `${model.transaction.model}: cumulative repeat purchases, actual vs expected`,
      `${timeUnit}s`,
    );
    writeFileSync(options.chart, svg);
  }
  if (options.calibrationChart)
    writeFileSync(
      options.calibrationChart,
      calibrationChartSvg(
        result.byFrequency,
        `${model.transaction.model}: holdout purchases by calibration frequency, actual vs expected`,
        `${Number(holdoutLength.toFixed(2))} ${timeUnit}s`,
      ),
    );
  return {
    model: model.transaction.model,
    params: model.transaction.params,
    logLikelihood: model.transaction.logLikelihood,
    calibrationEnd: dayString(calibrationEnd),
    holdoutEnd: dayString(holdoutEnd),
    timeUnit,
    laterCustomers: prepared.laterCustomers,
    rejected: loaded.histories.counts.rejected,
    rejections: loaded.rejections,
    ...(options.chart ? { chart: options.chart } : {}),
    ...(options.calibrationChart ? { calibrationChart: options.calibrationChart } : {}),
    warnings: [...prepared.warnings, ...model.warnings],
    ...result,
  };
}

export interface ComparedModel {
  model: TransactionModelName;
  logLikelihood: number;
  converged: boolean;
  auc: BacktestResult['auc'];
  /** AUC minus the best-ranking model's, paired (see `compareBacktests`). */
  behindBest: AucGap | null;
  holdout: BacktestResult['holdout'];
  warnings: string[];
}

export interface BacktestComparison {
  calibrationEnd: string;
  holdoutEnd: string;
  timeUnit: TimeUnit;
  customers: number;
  laterCustomers: number;
  /** Every transaction model on the same cohort, in `TRANSACTION_MODELS` order. */
  models: ComparedModel[];
  rejected: number;
  rejections: Rejection[];
  warnings: string[];
}

/**
 * `backtest --compare`: every transaction model on the same cohort, side by side — the evidence
 * for choosing a stage's `scoring.model` on one's own data, as the default was chosen on CDNOW.
 */
export async function backtestComparison(
  options: Omit<BacktestCommandOptions, 'model' | 'chart' | 'params' | 'calibrationChart'>,
  out: Output,
): Promise<BacktestComparison> {
  const prepared = await prepareBacktest(options, out);
  const fits = TRANSACTION_MODELS.map((name) => fitCalibration(prepared, name, options.penalizer));
  const { holdoutLength, calibrationEndTime } = fits[0] as (typeof fits)[number];
  const compared = compareBacktests(
    fits.map(({ fitted }) => transactionModel(fitted.transaction)),
    prepared.cohort,
    holdoutLength,
    calibrationEndTime,
  );
  const models = fits.map(({ fitted }, i): ComparedModel => {
    const { result, behindBest } = compared[i] as (typeof compared)[number];
    return {
      model: fitted.transaction.model,
      logLikelihood: fitted.transaction.logLikelihood,
      converged: fitted.transaction.converged,
      auc: result.auc,
      behindBest,
      holdout: result.holdout,
      warnings: fitted.warnings,
    };
  });
  return {
    calibrationEnd: dayString(prepared.calibrationEnd),
    holdoutEnd: dayString(prepared.holdoutEnd),
    timeUnit: prepared.timeUnit,
    customers: prepared.cohort.length,
    laterCustomers: prepared.laterCustomers,
    models,
    rejected: prepared.loaded.histories.counts.rejected,
    rejections: prepared.loaded.rejections,
    warnings: prepared.warnings,
  };
}
