/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; formulas of Fader & Hardie note 009).
 *
 * Purchases at Poisson rate λ ~ Gamma(r, α) while alive; the lifetime is exponential with rate
 * μ ~ Gamma(s, β), so drop-out can happen at any time, including before a second purchase: a
 * one-time buyer's P(alive) falls as time passes. The likelihood needs ₂F₁, evaluated in log
 * space; the fit is Nelder–Mead then BFGS with a numeric gradient on log-parameters.
 */
import type { FitOptions, FitOutcome } from './beta-geometric.js';
import { type FitData, maxT, sampleFitData, weightedSum } from './fit-data.js';
import { NumberCache } from './number-cache.js';
import { bounded, minimizeBfgs, minimizeNelderMead, withNumericGradient } from './optimizer.js';
import { CHURN_HORIZON_DAYS, type DailyOutlook, type OutlookQuestion } from './outlook.js';
import { noPurchaseFrom } from './purchase-process.js';
import { expit, lnGamma, logHyp2f1, logSumExp } from './special-functions.js';

export interface ParetoNbdParameters {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** ln of the A0 term's F(t) (note 009 eq. 22–23). */
function logF(p: ParetoNbdParameters, x: number, t: number, maxTerms?: number): number {
  const { r, alpha, s, beta } = p;
  const c = r + s + x;
  if (alpha >= beta) {
    return logHyp2f1(c, s + 1, c + 1, (alpha - beta) / (alpha + t), maxTerms) - c * Math.log(alpha + t);
  }
  return logHyp2f1(c, r + x, c + 1, (beta - alpha) / (beta + t), maxTerms) - c * Math.log(beta + t);
}

/**
 * ₂F₁ terms one likelihood evaluation may spend while fitting. The series is slow only where z
 * nears 1 — far out where s and β run off together (homogeneous drop-out, e.g. data whose last
 * purchases lie years before the as-of day). Treating that region as out of bounds keeps a fit
 * to seconds; the fit then stops at its edge and says it did not converge.
 */
const FIT_MAX_TERMS = 5_000;

/** The bracket's "alive throughout (0, T]" log-term. */
function aliveTerm(p: ParetoNbdParameters, x: number, T: number): number {
  return -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
}

/**
 * The bracket's "died in (t_x, T]" log-term from ln(s / (r + s + x)) and ln F at t_x and at T.
 * A0 = F(t_x) − F(T) > 0 is computed from the ratio so it never cancels to a negative number.
 */
function diedTerm(logShare: number, fTx: number, fT: number): number {
  return logShare + (fTx + Math.log1p(-Math.exp(Math.min(0, fT - fTx))));
}

/** The two log-terms of the likelihood bracket: alive throughout, and died in (t_x, T]. */
function bracketTerms(
  p: ParetoNbdParameters,
  x: number,
  T: number,
  fTx: number,
  fT: number,
): [number, number] {
  const { r, s } = p;
  return [aliveTerm(p, x, T), diedTerm(Math.log(s / (r + s + x)), fTx, fT)];
}

/** ln of P(alive)'s odds: alive throughout against died in (t_x, T]. */
function aliveLogOdds(p: ParetoNbdParameters, x: number, T: number, fTx: number, fT: number): number {
  const [alive, died] = bracketTerms(p, x, T, fTx, fT);
  return alive - died;
}

export function paretoNbdCustomerLogLikelihood(
  p: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
  maxTerms?: number,
): number {
  const { r, alpha, s, beta } = p;
  const [alive, died] = bracketTerms(p, x, T, logF(p, x, tx, maxTerms), logF(p, x, T, maxTerms));
  return lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logSumExp(alive, died);
}

export function paretoNbdLogLikelihood(p: ParetoNbdParameters, data: FitData, maxTerms?: number): number {
  return weightedSum(data, (x, tx, T) => paretoNbdCustomerLogLikelihood(p, x, tx, T, maxTerms));
}

/**
 * Customers the two fitting phases look at. Each likelihood evaluation costs two ₂F₁ series per
 * distinct (x, t_x, T), so the rough Nelder–Mead search works on a small even sample and BFGS
 * polishes on a larger one; four parameters are pinned down long before 50,000 customers (the
 * CDNOW files, 2,357 and 23,570 customers, are fitted whole). The log-likelihood reported is
 * that of all customers.
 */
const ROUGH_SAMPLE = 2_000;
const POLISH_SAMPLE = 50_000;
const MIDWAY_SAMPLE = 10_000;

export function fitParetoNbd(data: FitData, options: FitOptions = {}): FitOutcome<ParetoNbdParameters> {
  if (data.customers === 0) throw new RangeError('no customers to fit');
  const scale = maxT(data) || 1;
  const scaled: FitData = { ...data, tx: data.tx.map((v) => v / scale), T: data.T.map((v) => v / scale) };
  const penalizer = options.penalizer ?? 0;
  const objectiveOn = (sample: FitData) =>
    bounded((logParams: readonly number[]) => {
      const [r, alpha, s, beta] = logParams.map(Math.exp) as [number, number, number, number];
      try {
        const value =
          -paretoNbdLogLikelihood({ r, alpha, s, beta }, sample, FIT_MAX_TERMS) / sample.customers;
        return value + penalizer * (r * r + alpha * alpha + s * s + beta * beta);
      } catch {
        return Number.POSITIVE_INFINITY; // ₂F₁ over its budget: out of bounds (see FIT_MAX_TERMS)
      }
    });
  const roughObjective = objectiveOn(sampleFitData(scaled, ROUGH_SAMPLE));
  const objective = objectiveOn(sampleFitData(scaled, POLISH_SAMPLE));
  const start = [0.5, 1, 0.5, 1].map(Math.log);
  const rough = minimizeNelderMead(roughObjective, start, { tolerance: 1e-6, maxIterations: 2000 });
  // A large population is polished in steps, each on a sample five times the last, from the last
  // one's point and curvature: most iterations on the rough sample, the last few on the polish
  // sample (numeric gradients cost 8 evaluations each; a million customers' fit: 1.75 → 1.3 s).
  const large = data.customers > MIDWAY_SAMPLE * 2;
  const firstSteps = large
    ? minimizeBfgs(withNumericGradient(roughObjective), rough.x, { gradientTolerance: 1e-6 })
    : undefined;
  const midway = large
    ? minimizeBfgs(
        withNumericGradient(objectiveOn(sampleFitData(scaled, MIDWAY_SAMPLE))),
        firstSteps?.x ?? rough.x,
        {
          gradientTolerance: 1e-7,
          ...(firstSteps && { inverseHessian: firstSteps.inverseHessian }),
        },
      )
    : undefined;
  // On a sample of a larger population the optimum is the sample's, a hundredth or so from the
  // population's: past a gradient of 1e-6 (the mean log-likelihood within about 1e-12 of the
  // sample's best) a polish buys nothing.
  const polished = minimizeBfgs(withNumericGradient(objective), midway?.x ?? rough.x, {
    gradientTolerance: data.customers > POLISH_SAMPLE ? 1e-6 : 1e-7,
    ...(midway && { inverseHessian: midway.inverseHessian }),
  });
  const roughValue = objective(rough.x);
  const chosen = polished.value <= roughValue ? polished : { ...rough, value: roughValue };
  const [r, alpha, s, beta] = chosen.x.map(Math.exp) as [number, number, number, number];
  const params = { r, alpha: alpha * scale, s, beta: beta * scale };
  return {
    params,
    logLikelihood: paretoNbdLogLikelihood(params, data),
    iterations: chosen.iterations,
    converged: chosen.converged,
  };
}

export function paretoNbdPAlive(p: ParetoNbdParameters, x: number, tx: number, T: number): number {
  return expit(aliveLogOdds(p, x, T, logF(p, x, tx), logF(p, x, T)));
}

/** E[purchases in (T, T + t] | x, t_x, T]; the s → 1 limit is handled by the expm1 form. */
export function paretoNbdExpected(
  p: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  return expectedIfAlive(p, t, x, T) * paretoNbdPAlive(p, x, tx, T);
}

/** E[purchases in (T, T + t] | alive at T, x, T]. */
function expectedIfAlive(p: ParetoNbdParameters, t: number, x: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const logU = Math.log((beta + T) / (beta + T + t));
  const survivalIntegral = Math.abs(s - 1) < 1e-10 ? -logU : -Math.expm1((s - 1) * logU) / (s - 1);
  return (((r + x) * (beta + T)) / (alpha + T)) * survivalIntegral;
}

/** P(no purchase in (T, T + t]); an upper bound: drop-out inside the window is ignored. */
export function paretoNbdNoPurchase(
  p: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return noPurchaseFrom(paretoNbdPAlive(p, x, tx, T), p.r, p.alpha, x, T, t);
}

/** Keys of (x, day) packed into one small integer, which hashes fastest. */
const KEY_X_LIMIT = 16_384;
const KEY_DAY_LIMIT = 65_536;

// What is kept per (x, day), as offsets within an entry: ln F(x, day), the "alive throughout"
// log-term with T = day, ln(s / (r + s + x)), then E[purchases | alive] per window from T = day.
const LOG_F = 0;
const ALIVE = 1;
const LOG_SHARE = 2;
const IF_ALIVE = 3;

/**
 * Pareto/NBD in whole days, for scoring a population. Each term of P(alive) and of the expected
 * purchases depends on x and one time alone — F and the expectations at t_x, T or T + later —
 * and a population shares few of those: a million generated customers have 242,000 distinct
 * (x, t_x, T) but only 15,000 distinct (x, t_x) and 4,300 (x, T). So the terms are kept per
 * (x, day), and a customer costs three lookups and the two-term bracket; the values are exactly
 * those of the functions above (the same terms, the same arithmetic). The churn moment is
 * searched for day by day: bisection over whole days needs 16 probes for a century, where
 * bisection to a tolerance needed 40.
 */
export function paretoNbdInDays(
  p: ParetoNbdParameters,
  unitDays: number,
  { laterDays, windowDays }: OutlookQuestion,
): DailyOutlook {
  const { r, s } = p;
  const width = IF_ALIVE + windowDays.length;
  const kept = new NumberCache(width);
  const scratch = new Float64Array(width);
  /** Fills `into` from `at` with the terms of (x, day). */
  const terms = (x: number, day: number, into: Float64Array, at: number) => {
    const T = day / unitDays;
    into[at + LOG_F] = logF(p, x, T);
    into[at + ALIVE] = aliveTerm(p, x, T);
    into[at + LOG_SHARE] = Math.log(s / (r + s + x));
    for (let w = 0; w < windowDays.length; w++)
      into[at + IF_ALIVE + w] = expectedIfAlive(p, (windowDays[w] as number) / unitDays, x, T);
  };
  /** Where the terms of (x, day) start in the returned array. */
  const termsOf = (x: number, day: number): [Float64Array, number] => {
    if (!(x < KEY_X_LIMIT && day < KEY_DAY_LIMIT && day >= 0 && Number.isInteger(day))) {
      terms(x, day, scratch, 0);
      return [scratch, 0];
    }
    const key = x * KEY_DAY_LIMIT + day;
    let at = kept.find(key);
    if (at < 0) {
      at = kept.add(key);
      terms(x, day, kept.numbers, at);
    }
    return [kept.numbers, at];
  };
  /** ln of P(alive)'s odds at T from the terms of T and F at t_x (as `aliveLogOdds`). */
  const logOdds = (n: Float64Array, at: number, fTx: number) =>
    (n[at + ALIVE] as number) - diedTerm(n[at + LOG_SHARE] as number, fTx, n[at + LOG_F] as number);
  const logFAt = (x: number, day: number) => {
    const [n, at] = termsOf(x, day);
    return n[at + LOG_F] as number;
  };
  return {
    outlook(x, txDays, TDays) {
      const fTx = logFAt(x, txDays);
      const [later, l] = termsOf(x, TDays + laterDays);
      const pAliveLater = expit(logOdds(later, l, fTx));
      // Looked up last: the scratch entry (days beyond the table) may serve one lookup at a time.
      const [now, n] = termsOf(x, TDays);
      const pAlive = expit(logOdds(now, n, fTx));
      const expected = windowDays.map((t, w) => (t <= 0 ? 0 : (now[n + IF_ALIVE + w] as number) * pAlive));
      return { pAlive, pAliveLater, expected };
    },
    churnDelay(theta, x, txDays) {
      // P(alive) falls monotonically while no purchase comes. The probes' days are particular to
      // each t_x, so they are computed, not kept.
      const fTx = logFAt(x, txDays);
      const reached = (days: number) => {
        const T = (txDays + days) / unitDays;
        return expit(aliveLogOdds(p, x, T, fTx, logF(p, x, T))) <= theta;
      };
      if (reached(0)) return 0;
      if (!reached(CHURN_HORIZON_DAYS)) return null;
      let above = 0; // P(alive) above θ on this day …
      let reachedOn = CHURN_HORIZON_DAYS; // … and at most θ on this one
      while (reachedOn - above > 1) {
        const mid = Math.floor((above + reachedOn) / 2);
        if (reached(mid)) reachedOn = mid;
        else above = mid;
      }
      return reachedOn;
    },
  };
}
