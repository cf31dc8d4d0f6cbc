/**
 * Scores one customer against a fitted scoring model: P(alive) now and in 90 days, expected
 * purchases, the expected next order, the predicted churn moment for a threshold θ, expected
 * order value and CLV, RFM, XYZ regularity and lapsed categories — with the inputs, the model
 * and its version, so a marketer can see why a customer was picked.
 *
 * The model quantities depend only on (x, t_x, T) in whole days, which a population shares a
 * great deal, so they are computed once per distinct triple (and the churn delay once per
 * (x, t_x)). That turns the ₂F₁ series of Pareto/NBD into a table lookup for most customers.
 */
import { gammaGammaExpectedValue } from './gamma-gamma.js';
import { type TransactionModel, transactionModel } from './models.js';
import { lapsedCategories, type RegularityClass, regularity } from './purchase-patterns.js';
import { medianWait } from './purchase-process.js';
import { type RfmScore, rfmScore } from './rfm.js';
import { dayString, meanRepeatValue, type PurchaseHistory, type ScoringModel } from './scoring-model.js';

export interface CustomerScores {
  model: string;
  modelVersion: string;
  scoredAt: string;
  asOf: string;
  inputs: {
    /** Repeat purchase days (x), days from first to last purchase (t_x), from first purchase to as-of (T). */
    repeatPurchases: number;
    lastPurchaseAfterDays: number;
    observedDays: number;
    firstPurchaseOn: string;
    lastPurchaseOn: string;
    spend: number;
    meanRepeatValue: number | null;
  };
  pAlive: number;
  /** P(alive) 90 days after as-of if no purchase comes. */
  pAliveIn90Days: number;
  expectedPurchases90Days: number;
  expectedPurchases365Days: number;
  /** Median time to the next order as seen at the last order (Klaviyo's definition). */
  expectedNextOrderOn: string;
  churnThreshold: number;
  /** First day P(alive) falls below θ without a new purchase; null if it never does. */
  churnMomentOn: string | null;
  expectedOrderValue: number;
  /** Expected spend in the next 365 days (expected purchases × expected order value, undiscounted). */
  clv365Days: number;
  rfm: RfmScore;
  regularity: RegularityClass | null;
  gapCv: number | null;
  lapsedCategories: string[];
}

export interface ScorerOptions {
  /** P(alive) threshold that defines the churn moment. @default 0.5 */
  theta?: number;
  scoredAt?: string;
}

interface CachedModelValues {
  pAlive: number;
  pAliveIn90Days: number;
  expected90: number;
  /** Unrounded, for the CLV product. */
  expected365: number;
  expected365Rounded: number;
}

interface CachedDelays {
  churn: number | null;
  nextOrder: number;
}

/** Dates further out than a century are a century out. */
const MAX_DAYS_AHEAD = 36_500;

/** Days from the last purchase until P(alive) falls below θ (null: never), in whole days. */
function churnDelayDays(
  tm: TransactionModel,
  unitDays: number,
  theta: number,
  x: number,
  txDays: number,
): number | null {
  const units = tm.churnDelay(theta, x, txDays / unitDays);
  return units === null ? null : Math.min(MAX_DAYS_AHEAD, Math.ceil(units * unitDays));
}

/**
 * The churn moment for another θ than the stored scores were computed with (a campaign's own
 * threshold), from the stored inputs and the model that scored them.
 */
export function churnMomentFor(
  model: ScoringModel,
  inputs: Pick<CustomerScores['inputs'], 'repeatPurchases' | 'lastPurchaseAfterDays' | 'lastPurchaseOn'>,
  theta: number,
): string | null {
  const delay = churnDelayDays(
    transactionModel(model.transaction),
    model.unitDays,
    theta,
    inputs.repeatPurchases,
    inputs.lastPurchaseAfterDays,
  );
  const lastDay = Date.parse(`${inputs.lastPurchaseOn}T00:00:00Z`) / 86_400_000;
  return delay === null ? null : dayString(lastDay + delay);
}

/** What a campaign judges a customer by, recomputed from stored score inputs. */
export interface CampaignScores {
  pAlive: number;
  clv365Days: number;
  churnMomentOn: string | null;
}

export type ScoreInputs = Pick<
  CustomerScores['inputs'],
  'repeatPurchases' | 'lastPurchaseAfterDays' | 'observedDays' | 'lastPurchaseOn' | 'meanRepeatValue'
>;

/**
 * P(alive), CLV and the churn moment at θ from a customer's stored score inputs, with another
 * model than the one that scored them (a campaign's own): the same formulas as the scorer's,
 * at the as-of day the inputs were taken.
 */
export function createInputScorer(
  model: ScoringModel,
  theta: number,
): (inputs: ScoreInputs) => CampaignScores {
  const tm = transactionModel(model.transaction);
  const unit = model.unitDays;
  const delays = new Map<number, number | null>();
  return (inputs) => {
    const x = inputs.repeatPurchases;
    const txDays = inputs.lastPurchaseAfterDays;
    const tx = txDays / unit;
    const T = inputs.observedDays / unit;
    const key = x * 65_536 + txDays;
    let delay = delays.get(key);
    if (delay === undefined) {
      if (delays.size >= CACHE_LIMIT) delays.clear();
      delay = churnDelayDays(tm, unit, theta, x, txDays);
      delays.set(key, delay);
    }
    const lastDay = Date.parse(`${inputs.lastPurchaseOn}T00:00:00Z`) / 86_400_000;
    return {
      pAlive: round(tm.pAlive(x, tx, T)),
      clv365Days: round(
        tm.expected(365 / unit, x, tx, T) * expectedOrderValue(model, x, inputs.meanRepeatValue),
      ),
      churnMomentOn: delay === null ? null : dayString(lastDay + delay),
    };
  };
}

/** Gamma-Gamma's expected order value, or the customer's own mean (the sample's) without a fit. */
function expectedOrderValue(model: ScoringModel, x: number, repeatMean: number | null): number {
  const spend = model.spend;
  return spend.params
    ? gammaGammaExpectedValue(spend.params, x, repeatMean ?? 0, spend.sampleMean)
    : (repeatMean ?? spend.sampleMean);
}

/** Entries before the caches are emptied, to bound memory on very diverse populations. */
const CACHE_LIMIT = 2_000_000;

/**
 * Six significant digits; magnitudes below 1e-12 become 0 — meaningless as probabilities or
 * purchases, and DynamoDB stores no number below 1e-130.
 */
function round(v: number, digits = 6): number {
  const magnitude = Math.abs(v);
  if (magnitude < 1e-12 || !Number.isFinite(v)) return magnitude < 1e-12 ? 0 : v;
  // Arithmetic rather than toPrecision (a string round trip, the scorer's costliest step): an
  // integer divided by an exact power of ten is the double nearest the decimal, as Number() gives.
  const decimals = digits - 1 - Math.floor(Math.log10(magnitude));
  if (decimals >= 0) {
    const scale = 10 ** decimals;
    return Math.round(v * scale) / scale;
  }
  const scale = 10 ** -decimals;
  return Math.round(v / scale) * scale;
}

export type Scorer = (history: PurchaseHistory) => CustomerScores | undefined;

export function createScorer(model: ScoringModel, asOfDay: number, options: ScorerOptions = {}): Scorer {
  const theta = options.theta ?? 0.5;
  if (!(theta > 0 && theta < 1))
    throw new RangeError(`the churn threshold θ must be between 0 and 1, got ${theta}`);
  const scoredAt = options.scoredAt ?? new Date().toISOString();
  const asOf = dayString(asOfDay);
  const unit = model.unitDays;
  const tm = transactionModel(model.transaction);
  const { r, alpha } = model.transaction.params;
  const values = new Map<number, CachedModelValues>();
  const delays = new Map<number, CachedDelays>();

  const modelValues = (x: number, txDays: number, TDays: number): CachedModelValues => {
    // Whole days below 2^16 and x below 2^20 pack into one exact double.
    const key = (x * 65_536 + txDays) * 65_536 + TDays;
    let cached = values.get(key);
    if (!cached) {
      if (values.size >= CACHE_LIMIT) values.clear();
      const tx = txDays / unit;
      const T = TDays / unit;
      // Rounded once here rather than per customer: toPrecision is a string round trip.
      cached = {
        pAlive: round(tm.pAlive(x, tx, T)),
        pAliveIn90Days: round(tm.pAlive(x, tx, T + 90 / unit)),
        expected90: round(tm.expected(90 / unit, x, tx, T)),
        expected365: tm.expected(365 / unit, x, tx, T),
        expected365Rounded: 0,
      };
      cached.expected365Rounded = round(cached.expected365);
      values.set(key, cached);
    }
    return cached;
  };
  /** Days from the last purchase to the churn moment (null: never) and to the expected next order. */
  const afterLastPurchase = (x: number, txDays: number): CachedDelays => {
    const key = x * 65_536 + txDays;
    let cached = delays.get(key);
    if (cached === undefined) {
      if (delays.size >= CACHE_LIMIT) delays.clear();
      cached = {
        churn: churnDelayDays(tm, unit, theta, x, txDays),
        nextOrder: Math.min(MAX_DAYS_AHEAD, Math.ceil(medianWait(r, alpha, x, txDays / unit) * unit)),
      };
      delays.set(key, cached);
    }
    return cached;
  };

  return (history) => {
    // Purchases dated after the as-of day (a model fitted yesterday, orders since) are not yet seen.
    const days =
      (history.purchaseDays[history.purchaseDays.length - 1] ?? 0) > asOfDay
        ? history.purchaseDays.filter((d) => d <= asOfDay)
        : history.purchaseDays;
    const first = days[0];
    const last = days[days.length - 1];
    if (first === undefined || last === undefined || first > asOfDay) return undefined;
    const x = days.length - 1;
    const txDays = last - first;
    const TDays = asOfDay - first;
    const v = modelValues(x, txDays, TDays);
    const after = afterLastPurchase(x, txDays);
    const repeatMean = x > 0 ? meanRepeatValue(history) : null;
    const orderValue = expectedOrderValue(model, x, repeatMean);
    const pattern = regularity(days);
    return {
      model: model.transaction.model,
      modelVersion: model.version,
      scoredAt,
      asOf,
      inputs: {
        repeatPurchases: x,
        lastPurchaseAfterDays: txDays,
        observedDays: TDays,
        firstPurchaseOn: dayString(first),
        lastPurchaseOn: dayString(last),
        spend: history.spend,
        meanRepeatValue: repeatMean === null ? null : round(repeatMean),
      },
      pAlive: v.pAlive,
      pAliveIn90Days: v.pAliveIn90Days,
      expectedPurchases90Days: v.expected90,
      expectedPurchases365Days: v.expected365Rounded,
      expectedNextOrderOn: dayString(last + after.nextOrder),
      churnThreshold: theta,
      churnMomentOn: after.churn === null ? null : dayString(last + after.churn),
      expectedOrderValue: round(orderValue),
      clv365Days: round(v.expected365 * orderValue),
      rfm: rfmScore(model.rfm, asOfDay - last, days.length, history.spend),
      regularity: pattern.class,
      gapCv: pattern.gapCv === null ? null : round(pattern.gapCv, 4),
      lapsedCategories: lapsedCategories(first, last, asOfDay, history.categories),
    };
  };
}
