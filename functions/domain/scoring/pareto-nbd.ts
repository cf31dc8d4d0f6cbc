/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987; formulas of Fader & Hardie note 009).
 *
 * Purchases at Poisson rate λ ~ Gamma(r, α) while alive; the lifetime is exponential with rate
 * μ ~ Gamma(s, β), so drop-out can happen at any time, including before a second purchase: a
 * one-time buyer's P(alive) falls as time passes. The likelihood needs ₂F₁, evaluated in log
 * space; the fit is Nelder–Mead then BFGS with a numeric gradient on log-parameters.
 */
import type { FitOptions, FitOutcome } from './beta-geometric.js';
import { type FitData, maxT } from './fit-data.js';
import { bounded, minimizeBfgs, minimizeNelderMead, withNumericGradient } from './optimizer.js';
import { quietWhileAlive } from './purchase-process.js';
import { expit, lnGamma, logHyp2f1, logSumExp } from './special-functions.js';

export interface ParetoNbdParameters {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** ln of the A0 term's F(t) (note 009 eq. 22–23). */
function logF(p: ParetoNbdParameters, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const c = r + s + x;
  if (alpha >= beta) {
    return logHyp2f1(c, s + 1, c + 1, (alpha - beta) / (alpha + t)) - c * Math.log(alpha + t);
  }
  return logHyp2f1(c, r + x, c + 1, (beta - alpha) / (beta + t)) - c * Math.log(beta + t);
}

/** The two log-terms of the likelihood bracket: alive throughout, and died in (t_x, T]. */
function bracketTerms(p: ParetoNbdParameters, x: number, tx: number, T: number): [number, number] {
  const { r, alpha, s, beta } = p;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const fTx = logF(p, x, tx);
  const fT = logF(p, x, T);
  // A0 = F(t_x) − F(T) > 0; computed from the ratio so it never cancels to a negative number.
  const logA0 = fTx + Math.log1p(-Math.exp(Math.min(0, fT - fTx)));
  return [alive, Math.log(s / (r + s + x)) + logA0];
}

export function paretoNbdCustomerLogLikelihood(
  p: ParetoNbdParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  const [alive, died] = bracketTerms(p, x, tx, T);
  return lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + logSumExp(alive, died);
}

export function paretoNbdLogLikelihood(p: ParetoNbdParameters, data: FitData): number {
  let ll = 0;
  for (let j = 0; j < data.x.length; j++) {
    ll +=
      (data.weight[j] as number) *
      paretoNbdCustomerLogLikelihood(p, data.x[j] as number, data.tx[j] as number, data.T[j] as number);
  }
  return ll;
}

export function fitParetoNbd(data: FitData, options: FitOptions = {}): FitOutcome<ParetoNbdParameters> {
  if (data.customers === 0) throw new RangeError('no customers to fit');
  const scale = maxT(data) || 1;
  const scaled: FitData = { ...data, tx: data.tx.map((v) => v / scale), T: data.T.map((v) => v / scale) };
  const penalizer = options.penalizer ?? 0;
  const objective = bounded((logParams: readonly number[]) => {
    const [r, alpha, s, beta] = logParams.map(Math.exp) as [number, number, number, number];
    try {
      const value = -paretoNbdLogLikelihood({ r, alpha, s, beta }, scaled) / data.customers;
      return value + penalizer * (r * r + alpha * alpha + s * s + beta * beta);
    } catch {
      return Number.POSITIVE_INFINITY; // ₂F₁ too slow to converge: far from any sensible optimum
    }
  });
  const starts = [[0.5, 1, 0.5, 1].map(Math.log)];
  let best: { x: number[]; value: number; iterations: number; converged: boolean } | undefined;
  for (const start of starts) {
    const rough = minimizeNelderMead(objective, start, { tolerance: 1e-6, maxIterations: 2000 });
    const result = minimizeBfgs(withNumericGradient(objective), rough.x, { gradientTolerance: 1e-7 });
    const chosen = result.value <= rough.value ? result : { ...rough, converged: rough.converged };
    if (!best || chosen.value < best.value) best = chosen;
  }
  const chosen = best as { x: number[]; value: number; iterations: number; converged: boolean };
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
  const [alive, died] = bracketTerms(p, x, tx, T);
  return expit(alive - died);
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
  const { r, alpha, s, beta } = p;
  const logU = Math.log((beta + T) / (beta + T + t));
  const survivalIntegral = Math.abs(s - 1) < 1e-10 ? -logU : -Math.expm1((s - 1) * logU) / (s - 1);
  return (((r + x) * (beta + T)) / (alpha + T)) * survivalIntegral * paretoNbdPAlive(p, x, tx, T);
}

/** P(no purchase in (T, T + t]); an upper bound: drop-out inside the window is ignored. */
export function paretoNbdNoPurchase(
  p: ParetoNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = paretoNbdPAlive(p, x, tx, T);
  return 1 - alive + alive * quietWhileAlive(p.r, p.alpha, x, T, t);
}

/**
 * Time after the last purchase at which P(alive) falls to θ with no further purchase. P(alive)
 * falls monotonically in T, so bisection on T finds it; null if it stays above θ for 100 years.
 */
export function paretoNbdChurnDelay(
  p: ParetoNbdParameters,
  theta: number,
  x: number,
  tx: number,
  horizon: number,
): number | null {
  if (paretoNbdPAlive(p, x, tx, tx) <= theta) return 0;
  if (paretoNbdPAlive(p, x, tx, tx + horizon) > theta) return null;
  let lo = 0;
  let hi = horizon;
  for (let i = 0; i < 60 && hi - lo > 1e-6 * (1 + hi); i++) {
    const mid = (lo + hi) / 2;
    if (paretoNbdPAlive(p, x, tx, tx + mid) > theta) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
