/**
 * A scoring model: everything fitted over the whole population that scoring one customer needs —
 * the transaction model, the spend model, the RFM cut points — with the as-of date it was
 * fitted at and a version derived from its content, so the same data always gives the same
 * version and scores can name exactly what produced them.
 */
import { createHash } from 'node:crypto';
import type { FitOptions } from './beta-geometric.js';
import { compress } from './fit-data.js';
import { fitGammaGamma, type GammaGammaParameters, type SpendObservation } from './gamma-gamma.js';
import { atGivenParameters } from './given-parameters.js';
import {
  DEFAULT_MODEL,
  type FittedTransactionModel,
  fitTransactionModel,
  type TransactionModelName,
  type TransactionParameters,
} from './models.js';
import type { CategoryHistory } from './purchase-patterns.js';
import { type RfmCuts, rfmCuts } from './rfm.js';

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
  transaction: FittedTransactionModel;
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

/**
 * Days 0 (1970-01-01) … 109,572 (2269-12-31) by number ('' until first asked): an index into a
 * dense array is several times cheaper than a Map, and the scorer asks four times per customer.
 */
const MEMO_DAYS = 109_573;
const dayStrings: string[] = new Array<string>(MEMO_DAYS).fill('');

/** `YYYY-MM-DD` of an epoch day; memoised, since a population shares a few thousand days. */
export function dayString(day: number): string {
  const known = dayStrings[day];
  if (known) return known;
  const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
  if (day >= 0 && day < MEMO_DAYS && Number.isInteger(day)) dayStrings[day] = text;
  return text;
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
): { transaction: FittedTransactionModel; warnings: string[] } {
  const observations = observationsOf(histories, asOfDay);
  if (observations.length === 0) throw new RangeError(`no customer had bought by ${dayString(asOfDay)}`);
  const model = options.model ?? DEFAULT_MODEL;
  const transaction = fitTransactionModel(model, compress(observations, options.unitDays ?? 7), options);
  return {
    transaction,
    warnings: transactionWarnings(transaction, observations, asOfDay),
  };
}

/** Longer than this without a purchase anywhere in the population, and the data look stale. */
export const STALE_DATA_DAYS = 180;

function transactionWarnings(
  transaction: FittedTransactionModel,
  observations: readonly FitObservation[],
  asOfDay: number,
): string[] {
  const warnings: string[] = [];
  if (!observations.some((o) => o.x > 0))
    warnings.push('no customer bought on a second day: every churn moment rests on the prior alone');
  // A shop whose last order is months old has either stopped selling or stopped sending its
  // orders; or the data are historical and were scored as of today. Every customer then looks
  // long gone, which is true as of that day but rarely what was meant.
  const sinceLastPurchase = observations.reduce((m, o) => Math.min(m, o.TDays - o.txDays), Infinity);
  const stale = sinceLastPurchase > STALE_DATA_DAYS;
  if (stale)
    warnings.push(
      `the latest purchase in the data is ${sinceLastPurchase.toLocaleString('en-US')} days before ${dayString(asOfDay)}: ` +
        'every customer looks lapsed as of then; is the order feed still running? ' +
        `(for historical data, score as of ${dayString(asOfDay - sinceLastPurchase)}, the last purchase day)`,
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
  const unitDays = options.unitDays ?? 7;
  const model = options.model ?? DEFAULT_MODEL;
  const n = observations.length;
  if (n === 0) throw new RangeError(`no customer had bought by ${dayString(asOfDay)}`);

  const spend: SpendObservation[] = [];
  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  observations.forEach((o, i) => {
    if (o.x > 0) spend.push({ x: o.x, meanValue: o.meanRepeatValue });
    recencyDays[i] = o.TDays - o.txDays;
    frequency[i] = o.x + 1;
    monetary[i] = o.spend;
  });
  const data = compress(observations, unitDays);
  const transaction = options.givenParams
    ? atGivenParameters(model, options.givenParams, data)
    : fitTransactionModel(model, data, options);
  const warnings = transactionWarnings(transaction, observations, asOfDay);
  const spendModel = fitSpend(spend, options, warnings);
  const rfm = rfmCuts(recencyDays, frequency, monetary);
  const asOf = dayString(asOfDay);
  const content = { asOf, unitDays, transaction, spend: spendModel, rfm };
  const version = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 12);
  return { version, ...content, warnings };
}

function fitSpend(sample: SpendObservation[], options: FitOptions, warnings: string[]): SpendModel {
  // Sorted for the same reason as the fit data: results independent of the customers' order.
  const positive = sample
    .filter((s) => s.meanValue > 0)
    .sort((a, b) => a.x - b.x || a.meanValue - b.meanValue);
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
