/**
 * Scores one customer against a fitted scoring model: P(alive) now and in 90 days, expected
 * purchases, the expected next order, the predicted churn moment for a threshold θ, expected
 * order value and CLV, RFM, XYZ regularity and lapsed categories — with the inputs, the model
 * and its version, so a marketer can see why a customer was picked.
 *
 * The model quantities depend only on (x, t_x, T) in whole days, which a population shares a
 * great deal, so they are computed once per distinct triple (and the churn delay once per
 * (x, t_x)), from the model's view in whole days (`TransactionModel.inDays`), which in turn keeps
 * Pareto/NBD's ₂F₁ terms per (x, day). Scoring a customer is then a table lookup and the
 * customer's own descriptive scores.
 */

import { dayString } from '../timestamps.js';
import { gammaGammaExpectedValue } from './gamma-gamma.js';
import { transactionModel } from './models.js';
import { NumberCache } from './number-cache.js';
import { SCORING_QUESTION } from './outlook.js';
import {
  type ChurnMomentMethod,
  cycleChurnDelay,
  cyclePAlive,
  MAX_CYCLE_GAP_CV,
  MIN_CYCLE_PURCHASE_DAYS,
  type PurchaseCycle,
  purchaseCycleOf,
} from './purchase-cycle.js';
import { lapsedCategories, type RegularityClass, regularity } from './purchase-patterns.js';
import { medianWait } from './purchase-process.js';
import { type RfmScore, rfmScore } from './rfm.js';
import { meanRepeatValue, type PurchaseHistory, type ScoringModel } from './scoring-model.js';
import { type ModelFitMethod, modelFitOf } from './small-population-fit.js';

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
    /** The customer's own purchase cycle, when the churn moment comes from it (absent otherwise). */
    purchaseCycle?: PurchaseCycle;
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
  /**
   * What the churn moment came from: the population's transaction model, or the customer's own
   * purchase cycle (a regular rhythm: purchase-cycle.ts). Scores stored before it read as 'model'.
   */
  churnMomentMethod: ChurnMomentMethod;
  /**
   * How the transaction model was fitted: by maximum likelihood, or, for a population too small
   * for that (small-population-fit.ts), shrunk towards published parameters.
   */
  modelFit: ModelFitMethod;
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

// The numbers cached per (x, t_x, T), and per (x, t_x): offsets within an entry.
const P_ALIVE = 0;
const P_ALIVE_IN_90 = 1;
const EXPECTED_90 = 2;
const EXPECTED_365 = 3;
const EXPECTED_365_ROUNDED = 4;
const CHURN_DAYS = 5; // NaN: never
const NEXT_ORDER_DAYS = 6;

/** Next orders further out than a century are a century out. */
const MAX_DAYS_AHEAD = 36_500;

/**
 * The churn moment for another θ than the stored scores were computed with (a campaign's own
 * threshold), from the stored inputs and the model that scored them.
 */
export function churnMomentFor(
  model: ScoringModel,
  inputs: Pick<
    CustomerScores['inputs'],
    'repeatPurchases' | 'lastPurchaseAfterDays' | 'lastPurchaseOn' | 'purchaseCycle'
  >,
  theta: number,
): string | null {
  const delay = inputs.purchaseCycle
    ? cycleChurnDelay(inputs.purchaseCycle, theta)
    : transactionModel(model.transaction)
        .inDays(model.unitDays)
        .churnDelay(theta, inputs.repeatPurchases, inputs.lastPurchaseAfterDays);
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
  | 'repeatPurchases'
  | 'lastPurchaseAfterDays'
  | 'observedDays'
  | 'lastPurchaseOn'
  | 'meanRepeatValue'
  | 'purchaseCycle'
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
  const daily = tm.inDays(unit);
  const delays = new NumberCache(1);
  return (inputs) => {
    const x = inputs.repeatPurchases;
    const txDays = inputs.lastPurchaseAfterDays;
    const tx = txDays / unit;
    const T = inputs.observedDays / unit;
    const key = x * 65_536 + txDays;
    let at = delays.find(key);
    if (at < 0) {
      at = delays.add(key);
      delays.numbers[at] = daily.churnDelay(theta, x, txDays) ?? Number.NaN;
    }
    const delay = inputs.purchaseCycle
      ? cycleChurnDelay(inputs.purchaseCycle, theta)
      : (delays.numbers[at] as number);
    const lastDay = Date.parse(`${inputs.lastPurchaseOn}T00:00:00Z`) / 86_400_000;
    const cycle = inputs.purchaseCycle;
    return {
      pAlive: round(cycle ? cyclePAlive(cycle, inputs.observedDays - txDays) : tm.pAlive(x, tx, T)),
      clv365Days: round(
        tm.expected(365 / unit, x, tx, T) * expectedOrderValue(model, x, inputs.meanRepeatValue),
      ),
      churnMomentOn: Number.isNaN(delay) ? null : dayString(lastDay + delay),
    };
  };
}

/** A cycle as stored (six digits), so a churn moment recomputed from the stored inputs is the same day. */
function roundedCycle(cycle: PurchaseCycle | undefined): PurchaseCycle | undefined {
  return (
    cycle && { gaps: cycle.gaps, usualGapDays: round(cycle.usualGapDays), logGapSd: round(cycle.logGapSd) }
  );
}

/** Gamma-Gamma's expected order value, or the customer's own mean (the sample's) without a fit. */
function expectedOrderValue(model: ScoringModel, x: number, repeatMean: number | null): number {
  const spend = model.spend;
  return spend.params
    ? gammaGammaExpectedValue(spend.params, x, repeatMean ?? 0, spend.sampleMean)
    : (repeatMean ?? spend.sampleMean);
}

/**
 * Six significant digits; magnitudes below 1e-12 become 0 — meaningless as probabilities or
 * purchases, and DynamoDB stores no number below 1e-130.
 */
function round(v: number, digits = 6): number {
  const magnitude = Math.abs(v);
  if (magnitude < 1e-12 || !Number.isFinite(v)) return magnitude < 1e-12 ? 0 : v;
  // Arithmetic rather than toPrecision (a string round trip, the scorer's costliest step): an
  // integer divided by an exact power of ten is the double nearest the decimal, as Number() gives.
  // The powers come from a table: `10 ** n` computed per call was a third of the cost.
  const decimals = digits - 1 - decade(magnitude);
  if (decimals >= 0) {
    const scale = POWERS_OF_TEN[decimals] as number;
    return Math.round(v * scale) / scale;
  }
  const scale = POWERS_OF_TEN[-decimals] as number;
  return Math.round(v / scale) * scale;
}

/**
 * ⌊log₁₀ m⌋ for m > 0: counted against the powers of ten for the everyday magnitudes (1 to a
 * million: amounts, CLV, purchases), which is exact and several times faster than the logarithm.
 */
function decade(magnitude: number): number {
  if (magnitude < 1 || magnitude >= 1e6) return Math.floor(Math.log10(magnitude));
  let exponent = 0;
  while (magnitude >= (POWERS_OF_TEN[exponent + 1] as number)) exponent++;
  return exponent;
}

/** 10^0 … 10^308, each exactly as `10 ** n` gives it. */
const POWERS_OF_TEN = Array.from({ length: 309 }, (_, n) => 10 ** n);

export type Scorer = (history: PurchaseHistory) => CustomerScores | undefined;

export function createScorer(model: ScoringModel, asOfDay: number, options: ScorerOptions = {}): Scorer {
  const theta = options.theta ?? 0.5;
  if (!(theta > 0 && theta < 1))
    throw new RangeError(`the churn threshold θ must be between 0 and 1, got ${theta}`);
  const scoredAt = options.scoredAt ?? new Date().toISOString();
  const asOf = dayString(asOfDay);
  const unit = model.unitDays;
  const daily = transactionModel(model.transaction).inDays(unit, SCORING_QUESTION);
  // Without a repeat purchase every customer's expected order value is the population's.
  const firstTimersValue = expectedOrderValue(model, 0, null);
  const firstTimersValueRounded = round(firstTimersValue);
  const { r, alpha } = model.transaction.params;
  const values = new NumberCache(7);
  const delays = new NumberCache(2);
  const modelFit = modelFitOf(model);

  /** Where the model values of (x, t_x, T) start in `values.numbers`. */
  const modelValues = (x: number, txDays: number, TDays: number): number => {
    // Whole days pack into one integer: small for most customers (x < 16, days < 8,192), which
    // stays a small integer in V8 and hashes fastest; negative for the rest (x below 2^20, days
    // below 2^16), still exact in a double.
    const key =
      x < 16 && txDays < 8_192 && TDays < 8_192
        ? (x * 8_192 + txDays) * 8_192 + TDays
        : -((x * 65_536 + txDays) * 65_536 + TDays) - 1;
    let at = values.find(key);
    if (at < 0) {
      const outlook = daily.outlook(x, txDays, TDays);
      const expected365 = outlook.expected[1] as number;
      at = values.add(key);
      const n = values.numbers;
      // Rounded once here rather than per customer.
      n[at + P_ALIVE] = round(outlook.pAlive);
      n[at + P_ALIVE_IN_90] = round(outlook.pAliveLater);
      n[at + EXPECTED_90] = round(outlook.expected[0] as number);
      n[at + EXPECTED_365] = expected365;
      n[at + EXPECTED_365_ROUNDED] = round(expected365);
      // The churn and next-order delays depend on (x, t_x) alone: computed once per pair, then
      // copied into each triple, so scoring a customer takes a single lookup.
      const after = afterLastPurchase(x, txDays);
      n[at + CHURN_DAYS] = delays.numbers[after] as number;
      n[at + NEXT_ORDER_DAYS] = delays.numbers[after + 1] as number;
    }
    return at;
  };
  /** Where the days from the last purchase to the churn moment (NaN: never) and to the expected next order start. */
  const afterLastPurchase = (x: number, txDays: number): number => {
    const key = x * 65_536 + txDays;
    let at = delays.find(key);
    if (at < 0) {
      at = delays.add(key);
      delays.numbers[at] = daily.churnDelay(theta, x, txDays) ?? Number.NaN;
      delays.numbers[at + 1] = Math.min(
        MAX_DAYS_AHEAD,
        Math.ceil(medianWait(r, alpha, x, txDays / unit) * unit),
      );
    }
    return at;
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
    const cached = values.numbers;
    // A regular rhythm (six purchase days or more, gap CV ≤ 0.5) says more than the model's
    // memoryless purchases: such a customer's churn moment comes from their own cycle.
    const pattern = regularity(days);
    const cycle =
      pattern.gapCv !== null && pattern.gapCv <= MAX_CYCLE_GAP_CV && days.length >= MIN_CYCLE_PURCHASE_DAYS
        ? roundedCycle(purchaseCycleOf(days))
        : undefined;
    const churnDays = cycle ? cycleChurnDelay(cycle, theta) : (cached[v + CHURN_DAYS] as number);
    const repeatMean = x > 0 ? meanRepeatValue(history) : null;
    const orderValue = x > 0 ? expectedOrderValue(model, x, repeatMean) : firstTimersValue;
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
        ...(cycle && { purchaseCycle: cycle }),
      },
      // A regular buyer's P(alive) is read from their cycle's curve, the one their churn moment is.
      pAlive: cycle ? round(cyclePAlive(cycle, asOfDay - last)) : (cached[v + P_ALIVE] as number),
      pAliveIn90Days: cycle
        ? round(cyclePAlive(cycle, asOfDay - last + 90))
        : (cached[v + P_ALIVE_IN_90] as number),
      expectedPurchases90Days: cached[v + EXPECTED_90] as number,
      expectedPurchases365Days: cached[v + EXPECTED_365_ROUNDED] as number,
      expectedNextOrderOn: dayString(last + (cached[v + NEXT_ORDER_DAYS] as number)),
      churnThreshold: theta,
      churnMomentOn: Number.isNaN(churnDays) ? null : dayString(last + churnDays),
      churnMomentMethod: cycle ? 'purchase-cycle' : 'model',
      modelFit,
      expectedOrderValue: x > 0 ? round(orderValue) : firstTimersValueRounded,
      clv365Days: round((cached[v + EXPECTED_365] as number) * orderValue),
      rfm: rfmScore(model.rfm, asOfDay - last, days.length, history.spend),
      regularity: pattern.class,
      gapCv: pattern.gapCv === null ? null : round(pattern.gapCv, 4),
      lapsedCategories: lapsedCategories(first, last, asOfDay, history.categories),
    };
  };
}
