/**
 * A scoring model: everything fitted over the whole population that scoring one customer needs —
 * the transaction model, the spend model, the RFM cut points — with the as-of date it was
 * fitted at and a version derived from its content, so the same data always gives the same
 * version and scores can name exactly what produced them.
 */
import { createHash } from 'node:crypto';
import { dayString } from '../timestamps.js';
import type { FitOptions } from './beta-geometric.js';
import {
  compress,
  compressColumns,
  type DayRecencyColumns,
  dayRecencyColumns,
  type FitData,
} from './fit-data.js';
import { fitGammaGamma, type GammaGammaParameters, type SpendObservation } from './gamma-gamma.js';
import { atGivenParameters } from './given-parameters.js';
import { DEFAULT_MODEL, type TransactionModelName, type TransactionParameters } from './models.js';
import type { CategoryHistory } from './purchase-patterns.js';
import { type RfmCuts, rfmCuts } from './rfm.js';
import { fitForPopulation, type PopulationFit } from './small-population-fit.js';

/** What scoring reads of a customer's purchases; `PurchaseStats` maps onto it directly. */
export interface PurchaseHistory {
  /** Distinct purchase days (days since 1970-01-01), ascending. */
  purchaseDays: readonly number[];
  spend: number;
  /** Spend on the first purchase day, so the repeat days' mean value is exact. */
  firstDaySpend: number;
  categories?: ReadonlyMap<string, CategoryHistory>;
}

export interface SpendModel {
  params: GammaGammaParameters | null;
  logLikelihood: number | null;
  /** Mean value of repeat purchase days in the sample: the fallback when the fit is unusable. */
  sampleMean: number;
  customers: number;
}

export interface ScoringModel {
  version: string;
  /** Last day of the data the model was fitted on, `YYYY-MM-DD`. */
  asOf: string;
  /** Days per model time unit (7: weeks, as in the literature). */
  unitDays: number;
  /** With `prior` when the population was too small to fit alone (small-population-fit.ts). */
  transaction: PopulationFit;
  spend: SpendModel;
  rfm: RfmCuts;
  warnings: string[];
}

export interface ScoringModelOptions extends FitOptions {
  model?: TransactionModelName;
  unitDays?: number;
  /** Score at these transaction parameters (of `model`, in `unitDays`) instead of fitting them. */
  givenParams?: TransactionParameters;
}

/** x, t_x and T in model units; undefined when the customer had not bought by the as-of day. */
export function recencyOf(history: PurchaseHistory, asOfDay: number, unitDays: number) {
  const days = history.purchaseDays;
  // Days after the as-of day (orders dated ahead of a model's day) are not yet seen.
  let n = days.length;
  while (n > 0 && (days[n - 1] as number) > asOfDay) n--;
  const first = days[0];
  const last = days[n - 1];
  if (first === undefined || last === undefined) return undefined;
  return { x: n - 1, tx: (last - first) / unitDays, T: (asOfDay - first) / unitDays, lastDay: last };
}

export function meanRepeatValue(history: PurchaseHistory): number {
  const repeats = history.purchaseDays.length - 1;
  return repeats > 0 ? Math.max(0, history.spend - history.firstDaySpend) / repeats : 0;
}

/**
 * What a fit needs of one customer, in whole days: repeat purchase days (x), first to last
 * purchase (t_x), first purchase to the as-of day (T), the mean value of the repeat days and the
 * total spend. Stored scores keep exactly these (`inputs`), so a model can be fitted from them.
 */
export interface FitObservation {
  x: number;
  txDays: number;
  TDays: number;
  meanRepeatValue: number;
  spend: number;
}

export function fitScoringModel(
  histories: Iterable<PurchaseHistory>,
  asOfDay: number,
  options: ScoringModelOptions = {},
): ScoringModel {
  return fitScoringModelTo(observationsOf(histories, asOfDay), asOfDay, options);
}

/** What a fit needs of each customer who had bought by the as-of day. */
function observationsOf(histories: Iterable<PurchaseHistory>, asOfDay: number): FitObservation[] {
  const observations: FitObservation[] = [];
  for (const history of histories) {
    const r = recencyOf(history, asOfDay, 1);
    if (!r) continue;
    observations.push({
      x: r.x,
      txDays: r.tx,
      TDays: r.T,
      meanRepeatValue: r.x > 0 ? meanRepeatValue(history) : 0,
      spend: history.spend,
    });
  }
  return observations;
}

/**
 * The transaction model alone, as `reactivate fit` reports it: no spend model, no RFM cut points
 * (with a million customers the Gamma-Gamma fit alone takes seconds that would be thrown away).
 */
export function fitTransactionModelOn(
  histories: Iterable<PurchaseHistory>,
  asOfDay: number,
  options: ScoringModelOptions = {},
): { transaction: PopulationFit; warnings: string[] } {
  const observations = observationsOf(histories, asOfDay);
  if (observations.length === 0) throw new RangeError(`no customer had bought by ${dayString(asOfDay)}`);
  const model = options.model ?? DEFAULT_MODEL;
  const transaction = fitForPopulation(model, compress(observations, options.unitDays ?? 7), options);
  return {
    transaction,
    warnings: transactionWarnings(transaction, populationFacts(observations), asOfDay),
  };
}

/** `fitTransactionModelOn` for customers given as columns of whole days (no object per customer). */
export function fitTransactionModelOnColumns(
  columns: DayRecencyColumns,
  asOfDay: number,
  options: ScoringModelOptions = {},
): { transaction: PopulationFit; data: FitData; warnings: string[] } {
  if (columns.length === 0) throw new RangeError(`no customer had bought by ${dayString(asOfDay)}`);
  const model = options.model ?? DEFAULT_MODEL;
  const unitDays = options.unitDays ?? 7;
  const data = compressColumns(columns, unitDays);
  const transaction = fitForPopulation(model, data, { ...options, unitDays });
  // With the data it was fitted on: its standard errors are taken on the same triples.
  return { transaction, data, warnings: transactionWarnings(transaction, columnFacts(columns), asOfDay) };
}

/** What the warnings need to know of a population. */
interface PopulationFacts {
  customers: number;
  /** Someone bought on a second day. */
  anyRepeat: boolean;
  /** Days from the latest purchase anyone made to the as-of day. */
  sinceLastPurchase: number;
}

function columnFacts(columns: DayRecencyColumns): PopulationFacts {
  const facts = { customers: columns.length, anyRepeat: false, sinceLastPurchase: Number.POSITIVE_INFINITY };
  for (let i = 0; i < columns.length; i++) {
    if ((columns.x[i] as number) > 0) facts.anyRepeat = true;
    const since = (columns.TDays[i] as number) - (columns.txDays[i] as number);
    if (since < facts.sinceLastPurchase) facts.sinceLastPurchase = since;
  }
  return facts;
}

function populationFacts(observations: readonly FitObservation[]): PopulationFacts {
  return {
    customers: observations.length,
    anyRepeat: observations.some((o) => o.x > 0),
    sinceLastPurchase: observations.reduce((m, o) => Math.min(m, o.TDays - o.txDays), Infinity),
  };
}

/** Longer than this without a purchase anywhere in the population, and the data look stale. */
export const STALE_DATA_DAYS = 180;

function transactionWarnings(
  transaction: PopulationFit,
  { customers, anyRepeat, sinceLastPurchase }: PopulationFacts,
  asOfDay: number,
): string[] {
  const warnings: string[] = [];
  if (!anyRepeat)
    warnings.push('no customer bought on a second day: every churn moment rests on the prior alone');
  // A shop whose last order is months old has either stopped selling or stopped sending its
  // orders; or the data are historical and were scored as of today. Every customer then looks
  // long gone, which is true as of that day but rarely what was meant.
  const stale = sinceLastPurchase > STALE_DATA_DAYS;
  if (stale)
    warnings.push(
      `the latest purchase in the data is ${sinceLastPurchase.toLocaleString('en-US')} days before ${dayString(asOfDay)}: ` +
        'every customer looks lapsed as of then; is the order feed still running? ' +
        `(for historical data, score as of ${dayString(asOfDay - sinceLastPurchase)}, the last purchase day)`,
    );
  if (transaction.prior)
    warnings.push(
      `${customers.toLocaleString('en-US')} customers are too few to fit ${transaction.model} alone: ` +
        `its parameters are shrunk towards CDNOW's published ones in this shop's clock (×${transaction.prior.clockFactor.toPrecision(3)})`,
    );
  if (!transaction.converged)
    warnings.push(
      `the ${transaction.model} fit did not fully converge; ${stale ? 'the stale data above are the likely cause' : 'try a penalizer'}`,
    );
  return warnings;
}

/** The fit from observations: customers' histories (above) or their stored score inputs. */
export function fitScoringModelTo(
  observations: readonly FitObservation[],
  asOfDay: number,
  options: ScoringModelOptions = {},
): ScoringModel {
  const columns: ObservationColumns = {
    ...dayRecencyColumns(observations),
    meanRepeatValue: Float64Array.from(observations, (o) => o.meanRepeatValue),
    spend: Float64Array.from(observations, (o) => o.spend),
  };
  return fitScoringModelOnColumns(columns, asOfDay, options);
}

/** `FitObservation`s as columns, one typed array per field: the first `length` entries. */
export interface ObservationColumns extends DayRecencyColumns {
  meanRepeatValue: Float64Array;
  spend: Float64Array;
}

/** Observation columns from whole-day recencies with total and first-day spend (an order file's). */
export function observationColumns(
  recencies: DayRecencyColumns & { spend: Float64Array; firstDaySpend: Float64Array },
): ObservationColumns {
  const meanRepeatValue = new Float64Array(recencies.length);
  for (let i = 0; i < recencies.length; i++) {
    const x = recencies.x[i] as number;
    if (x > 0)
      meanRepeatValue[i] =
        Math.max(0, (recencies.spend[i] as number) - (recencies.firstDaySpend[i] as number)) / x;
  }
  return { ...recencies, meanRepeatValue };
}

/** The fit from observation columns: no object per customer on the way. */
export function fitScoringModelOnColumns(
  columns: ObservationColumns,
  asOfDay: number,
  options: ScoringModelOptions = {},
): ScoringModel {
  return assembleScoringModel(
    fitTransactionPart(columns, asOfDay, options),
    fitPopulationParts(columns, options),
  );
}

/** The transaction model's part of a scoring model, with its warnings. */
export interface TransactionPart {
  asOf: string;
  unitDays: number;
  transaction: PopulationFit;
  warnings: string[];
}

/**
 * The parts of a scoring model that do not depend on the transaction model — the spend model and
 * the RFM cut points — with their warnings: they can be fitted beside it (another thread).
 */
export interface PopulationParts {
  spend: SpendModel;
  rfm: RfmCuts;
  warnings: string[];
}

export function fitTransactionPart(
  columns: ObservationColumns,
  asOfDay: number,
  options: ScoringModelOptions = {},
): TransactionPart {
  const unitDays = options.unitDays ?? 7;
  const asOf = dayString(asOfDay);
  if (!options.givenParams) {
    const { transaction, warnings } = fitTransactionModelOnColumns(columns, asOfDay, options);
    return { asOf, unitDays, transaction, warnings };
  }
  if (columns.length === 0) throw new RangeError(`no customer had bought by ${asOf}`);
  const data = compressColumns(columns, unitDays);
  const transaction = atGivenParameters(options.model ?? DEFAULT_MODEL, options.givenParams, data);
  return {
    asOf,
    unitDays,
    transaction,
    warnings: transactionWarnings(transaction, columnFacts(columns), asOfDay),
  };
}

export function fitPopulationParts(columns: ObservationColumns, options: FitOptions = {}): PopulationParts {
  const n = columns.length;
  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = (columns.TDays[i] as number) - (columns.txDays[i] as number);
    frequency[i] = (columns.x[i] as number) + 1;
    monetary[i] = columns.spend[i] as number;
  }
  const warnings: string[] = [];
  const spend = fitSpend(spendObservations(columns), options, warnings);
  return { spend, rfm: rfmCuts(recencyDays, frequency, monetary), warnings };
}

/** The scoring model from its parts; its version is a hash of what it holds. */
export function assembleScoringModel(
  { asOf, unitDays, transaction, warnings }: TransactionPart,
  population: PopulationParts,
): ScoringModel {
  const content = { asOf, unitDays, transaction, spend: population.spend, rfm: population.rfm };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
  return { version, ...content, warnings: [...warnings, ...population.warnings] };
}

/**
 * Repeat buyers with a positive mean value, sorted by (x, mean value) so the spend fit does not
 * depend on the customers' order: bucketed by x, each bucket's values sorted natively (a
 * comparator over half a million objects took a second).
 */
function spendObservations(columns: ObservationColumns): SpendObservation[] {
  let maxX = 0;
  for (let i = 0; i < columns.length; i++) maxX = Math.max(maxX, columns.x[i] as number);
  const start = new Int32Array(maxX + 2);
  for (let i = 0; i < columns.length; i++)
    if ((columns.x[i] as number) > 0 && (columns.meanRepeatValue[i] as number) > 0)
      (start[(columns.x[i] as number) + 1] as number)++;
  for (let x = 0; x <= maxX; x++) start[x + 1] = (start[x + 1] as number) + (start[x] as number);
  const values = new Float64Array(start[maxX + 1] as number);
  const next = start.slice();
  for (let i = 0; i < columns.length; i++) {
    const x = columns.x[i] as number;
    const value = columns.meanRepeatValue[i] as number;
    if (x > 0 && value > 0) values[(next[x] as number)++] = value;
  }
  const sample: SpendObservation[] = [];
  for (let x = 1; x <= maxX; x++) {
    const bucket = values.subarray(start[x] as number, start[x + 1] as number).sort();
    for (const meanValue of bucket) sample.push({ x, meanValue });
  }
  return sample;
}

/** @param positive repeat buyers with a positive mean value, in a fixed order (`spendObservations`). */
function fitSpend(positive: SpendObservation[], options: FitOptions, warnings: string[]): SpendModel {
  const sampleMean =
    positive.length > 0 ? positive.reduce((s, d) => s + d.meanValue, 0) / positive.length : 0;
  if (positive.length < 10) {
    warnings.push('fewer than 10 repeat buyers with spend: expected order values use the sample mean');
    return { params: null, logLikelihood: null, sampleMean, customers: positive.length };
  }
  try {
    const fit = fitGammaGamma(positive, options);
    if (!fit.converged) warnings.push('the Gamma-Gamma fit did not fully converge; try a penalizer');
    if (fit.params.q <= 1)
      warnings.push('Gamma-Gamma q ≤ 1 (a heavy tail of big spenders): new customers get the sample mean');
    return { params: fit.params, logLikelihood: fit.logLikelihood, sampleMean, customers: positive.length };
  } catch (error) {
    warnings.push(
      `Gamma-Gamma fit failed (${(error as Error).message}): expected order values use the sample mean`,
    );
    return { params: null, logLikelihood: null, sampleMean, customers: positive.length };
  }
}
