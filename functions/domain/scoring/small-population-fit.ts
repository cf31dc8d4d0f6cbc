/**
 * Fits for populations too small for maximum likelihood: a MAP fit that borrows strength from the
 * published CDNOW parameters (Fader, Hardie & Lee 2005), seen in the shop's own clock.
 *
 * With a few dozen customers the likelihood of a four-parameter model is flat along ridges —
 * r and α growing together when everyone buys at about the same rate, s and β when there is no
 * clear sign of drop-out — and maximum likelihood walks off along them: the fit "does not fully
 * converge" and P(alive) or the churn moments come out absurd (issue 22: ten monthly buyers,
 * every P(alive) 1, churn moments in 2029–2042). Below `SMALL_POPULATION` customers the fit
 * maximises the likelihood times a log-normal prior on each parameter instead:
 *
 *   ln θᵢ ~ Normal(ln θ₀ᵢ, τ²),  τ = PRIOR_LOG_SD,
 *
 * centred on CDNOW's published parameters. The prior's weight is fixed while the likelihood's
 * grows with every customer, so it fades as the population grows (the Bayesian way), and the
 * ridges get a floor. The rate parameters (α, and β for Pareto/NBD) are in time units, and a shop
 * whose customers buy six times as often as CDNOW's is CDNOW on a clock six times as fast: the
 * centre's α and β are scaled by the ratio of CDNOW's repeat purchases per customer-week to the
 * shop's own (Σx / ΣT) — an empirical-Bayes centre. The shapes r, s, a and b keep CDNOW's values.
 *
 * docs/scoring.md ("Small shops") has the subsampling experiment that chose the threshold and τ
 * (`npm run bench:small-shops`).
 */
import {
  type BetaGeometricParameters,
  betaGeometricLogLikelihood,
  type FitOptions,
} from './beta-geometric.js';
import type { FitData } from './fit-data.js';
import { type FittedTransactionModel, fitTransactionModel, type TransactionModelName } from './models.js';
import { bounded, minimizeBfgs, minimizeNelderMead, withNumericGradient } from './optimizer.js';
import { type ParetoNbdParameters, paretoNbdLogLikelihood } from './pareto-nbd.js';

/** How the transaction model of a score was fitted. */
export type ModelFitMethod = 'maximum-likelihood' | 'shrunk-to-prior';

/**
 * Populations below this many customers are fitted with the prior; at and above it by maximum
 * likelihood alone. From the subsampling experiment on CDNOW master (docs/scoring.md): below it,
 * maximum likelihood fails to converge on 10–70 % of random subsets and its worst parameter
 * strays by more than a factor 2 from the full data's in the median subset; from 1,000 customers
 * on it converges on 95 % and strays by a factor 1.7 or less, and the prior has faded.
 */
export const SMALL_POPULATION = 1_000;

/** τ: the prior's standard deviation on each log-parameter (a factor e ≈ 2.7 per σ). */
export const PRIOR_LOG_SD = 1;

/** CDNOW's published parameters, in weeks (reference/scoring-models.md §0, §3.5). */
export const CDNOW_PARAMETERS: Record<TransactionModelName, Record<string, number>> = {
  pareto: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  mbgnbd: { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 },
};

/** CDNOW sample's repeat purchase days per customer-week of observation: 2,457 / (2,357 × 32.716). */
export const CDNOW_REPEATS_PER_WEEK = 2457 / (2357 * 32.716);

/** The parameters whose unit is time: they scale with the shop's clock. */
const TIME_PARAMETERS = new Set(['alpha', 'beta']);

/** What the prior of a shrunk fit was: stored with the model, so a score can say what it borrowed. */
export interface PopulationPrior {
  /** The prior's centre, in the model's time unit. */
  center: Record<string, number>;
  logSd: number;
  /** How much faster the shop's customers buy than CDNOW's (the centre's clock factor). */
  clockFactor: number;
  source: "CDNOW (Fader, Hardie & Lee 2005), in the shop's clock";
}

/** A fitted transaction model, shrunk to a prior when `prior` is present. */
export type PopulationFit = FittedTransactionModel & { prior?: PopulationPrior };

export interface PopulationFitOptions extends FitOptions {
  /** Days per model time unit. @default 7 */
  unitDays?: number;
  /** Below this many customers the prior applies. @default SMALL_POPULATION */
  smallPopulation?: number;
  /** τ. @default PRIOR_LOG_SD */
  priorLogSd?: number;
  /** Centre the prior on CDNOW's own clock (no scaling; for the experiment). @default false */
  fixedClock?: boolean;
}

export function modelFitOf(model: { transaction: PopulationFit }): ModelFitMethod {
  return model.transaction.prior ? 'shrunk-to-prior' : 'maximum-likelihood';
}

/** The transaction model for a population: shrunk to the prior when small, maximum likelihood otherwise. */
export function fitForPopulation(
  model: TransactionModelName,
  data: FitData,
  options: PopulationFitOptions = {},
): PopulationFit {
  if (data.customers >= (options.smallPopulation ?? SMALL_POPULATION))
    return fitTransactionModel(model, data, options);
  return fitShrunk(model, data, options);
}

/** The prior's centre for this population: CDNOW's parameters in the shop's clock and time unit. */
export function priorFor(
  model: TransactionModelName,
  data: FitData,
  options: Pick<PopulationFitOptions, 'unitDays' | 'priorLogSd' | 'fixedClock'> = {},
): PopulationPrior {
  const unitDays = options.unitDays ?? 7;
  let repeats = 0;
  let observed = 0;
  for (let j = 0; j < data.x.length; j++) {
    repeats += (data.weight[j] as number) * (data.x[j] as number);
    observed += (data.weight[j] as number) * (data.T[j] as number);
  }
  // Per week; half a repeat purchase when nobody bought twice, so the factor stays finite.
  const shopRate = Math.max(0.5, repeats) / Math.max(observed * (unitDays / 7), 1e-9);
  const clockFactor = options.fixedClock
    ? 1
    : Math.min(50, Math.max(1 / 50, shopRate / CDNOW_REPEATS_PER_WEEK));
  const center: Record<string, number> = {};
  for (const [name, value] of Object.entries(CDNOW_PARAMETERS[model]))
    center[name] = TIME_PARAMETERS.has(name) ? (value * 7) / unitDays / clockFactor : value;
  return {
    center,
    logSd: options.priorLogSd ?? PRIOR_LOG_SD,
    clockFactor,
    source: "CDNOW (Fader, Hardie & Lee 2005), in the shop's clock",
  };
}

const NAMES: Record<TransactionModelName, readonly string[]> = {
  pareto: ['r', 'alpha', 's', 'beta'],
  bgnbd: ['r', 'alpha', 'a', 'b'],
  mbgnbd: ['r', 'alpha', 'a', 'b'],
};

/** ₂F₁ terms one evaluation may spend (as the maximum-likelihood fit's budget). */
const MAX_TERMS = 5_000;

/**
 * The MAP fit: the log-likelihood plus the log-prior, maximised over log-parameters from the
 * prior's centre (Nelder–Mead, then BFGS with a numeric gradient). Time stays in model units:
 * the prior's centre is already in them.
 */
export function fitShrunk(
  model: TransactionModelName,
  data: FitData,
  options: PopulationFitOptions = {},
): PopulationFit {
  if (data.customers === 0) throw new RangeError('no customers to fit');
  const prior = priorFor(model, data, options);
  const names = NAMES[model];
  const centre = names.map((n) => Math.log(prior.center[n] as number));
  const paramsOf = (logParams: readonly number[]) =>
    Object.fromEntries(names.map((n, i) => [n, Math.exp(logParams[i] as number)])) as Record<string, number>;
  const logLikelihood = (params: Record<string, number>) =>
    model === 'pareto'
      ? paretoNbdLogLikelihood(params as unknown as ParetoNbdParameters, data, MAX_TERMS)
      : betaGeometricLogLikelihood(model, params as unknown as BetaGeometricParameters, data);
  const precision = 1 / (2 * prior.logSd * prior.logSd);
  const objective = bounded((logParams: readonly number[]) => {
    let penalty = 0;
    for (let i = 0; i < names.length; i++) {
      const d = (logParams[i] as number) - (centre[i] as number);
      penalty += d * d;
    }
    try {
      const value = -logLikelihood(paramsOf(logParams)) + precision * penalty;
      return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
    } catch {
      return Number.POSITIVE_INFINITY; // ₂F₁ over its budget: out of bounds
    }
  });
  const rough = minimizeNelderMead(objective, centre, { tolerance: 1e-9, maxIterations: 3000 });
  const polished = minimizeBfgs(withNumericGradient(objective), rough.x, { gradientTolerance: 1e-6 });
  const chosen = polished.value <= rough.value ? polished : rough;
  const params = paramsOf(chosen.x);
  return {
    model,
    params: params as unknown as FittedTransactionModel['params'],
    logLikelihood: logLikelihood(params),
    customers: data.customers,
    // The prior makes the optimum interior: a stall within a hair of it is still the optimum.
    converged: chosen.converged || rough.converged,
    prior,
  };
}
