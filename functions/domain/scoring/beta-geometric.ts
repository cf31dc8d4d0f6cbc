/**
 * BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007).
 *
 * While alive a customer buys at Poisson rate λ ~ Gamma(r, α). In BG/NBD the customer may drop
 * out with probability p ~ Beta(a, b) after each *repeat* purchase, so someone who never bought
 * again is alive for ever (P(alive | x = 0) = 1). MBG/NBD also allows the drop-out at the first
 * purchase, so one-time buyers fade as time passes. One implementation serves both: MBG/NBD is
 * BG/NBD with the drop-out opportunities counted as x + 1 instead of x (`shift` 1 vs 0).
 *
 * Log-likelihood in the log-sum form of Hardie note 027 (no #NUM! for large x), maximised on
 * log-parameters by BFGS with the analytic gradient.
 */
import { distinctCounts, type FitData, maxT, sampleFitData } from './fit-data.js';
import { type BfgsResult, bounded, minimizeBfgs, type ObjectiveWithGradient } from './optimizer.js';
import { noPurchaseFrom } from './purchase-process.js';
import { digamma, expit, lnGamma, logHyp2f1 } from './special-functions.js';

export interface BetaGeometricParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export type BetaGeometricVariant = 'bgnbd' | 'mbgnbd';

const shiftOf = (variant: BetaGeometricVariant) => (variant === 'bgnbd' ? 0 : 1);

/**
 * Negative mean log-likelihood and its gradient with respect to (ln r, ln α, ln a, ln b),
 * plus `penalizer`·Σθ² on the natural-scale parameters, as lifetimes does.
 */
export function betaGeometricObjective(variant: BetaGeometricVariant, data: FitData, penalizer = 0) {
  const m = shiftOf(variant);
  const { counts, slot } = distinctCounts(data);
  const k = counts.length;
  const perX = new Float64Array(k * 6);
  const n = data.x.length;
  // ln(α + T), 1/(α + T) and the same for t_x, once per distinct T and t_x per evaluation: a
  // population measured in days has a few hundred of each, against a million customers.
  const T = distinctValues(data.T);
  const tx = distinctValues(data.tx);
  const lnAT = new Float64Array(T.values.length);
  const invAT = new Float64Array(T.values.length);
  const lnATx = new Float64Array(tx.values.length);
  const invATx = new Float64Array(tx.values.length);
  return (logParams: readonly number[], gradient: number[]): number => {
    const [r, alpha, a, b] = logParams.map(Math.exp) as [number, number, number, number];
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    const psiR = digamma(r);
    const lnGammaR = lnGamma(r);
    const lnGammaAB = lnGamma(a + b);
    const lnGammaB = lnGamma(b);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    for (let i = 0; i < k; i++) {
      const x = counts[i] as number;
      const o = i * 6;
      // constant part of ℓ, ∂/∂r, ∂/∂a, ∂/∂b of the Gamma terms, and ln(b + x + m − 1)
      perX[o] =
        lnGamma(r + x) -
        lnGammaR +
        r * lnAlpha +
        lnGammaAB +
        lnGamma(b + x + m) -
        lnGammaB -
        lnGamma(a + b + x + m);
      perX[o + 1] = digamma(r + x) - psiR + lnAlpha;
      const psiABX = digamma(a + b + x + m);
      perX[o + 2] = psiAB - psiABX;
      perX[o + 3] = psiAB + digamma(b + x + m) - psiB - psiABX;
      perX[o + 4] = x + m > 0 ? Math.log(b + x + m - 1) : 0;
      perX[o + 5] = x + m > 0 ? 1 / (b + x + m - 1) : 0;
    }
    for (let i = 0; i < T.values.length; i++) {
      const v = alpha + (T.values[i] as number);
      lnAT[i] = Math.log(v);
      invAT[i] = 1 / v;
    }
    for (let i = 0; i < tx.values.length; i++) {
      const v = alpha + (tx.values[i] as number);
      lnATx[i] = Math.log(v);
      invATx[i] = 1 / v;
    }
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    const xs = data.x;
    const ws = data.weight;
    for (let j = 0; j < n; j++) {
      const x = xs[j] as number;
      const w = ws[j] as number;
      const o = (slot[j] as number) * 6;
      const t = T.slot[j] as number;
      const lnT = lnAT[t] as number;
      const a3 = -(r + x) * lnT;
      let li = perX[o] as number;
      let dr = perX[o + 1] as number;
      let da = perX[o + 2] as number;
      let db = perX[o + 3] as number;
      let dAlpha = r / alpha;
      if (x + m > 0) {
        const u = tx.slot[j] as number;
        const lnTx = lnATx[u] as number;
        const a4 = lnA - (perX[o + 4] as number) - (r + x) * lnTx;
        // ln(e^a3 + e^a4) and the two shares of it, from one exponential.
        let w3: number;
        let w4: number;
        if (a3 >= a4) {
          const e = Math.exp(a4 - a3);
          li += a3 + Math.log1p(e);
          w3 = 1 / (1 + e);
          w4 = e * w3;
        } else {
          const e = Math.exp(a3 - a4);
          li += a4 + Math.log1p(e);
          w4 = 1 / (1 + e);
          w3 = e * w4;
        }
        dr -= w3 * lnT + w4 * lnTx;
        dAlpha -= (r + x) * (w3 * (invAT[t] as number) + w4 * (invATx[u] as number));
        da += w4 / a;
        db -= w4 * (perX[o + 5] as number);
      } else {
        li += a3;
        dr -= lnT;
        dAlpha -= (r + x) * (invAT[t] as number);
      }
      ll += w * li;
      gr += w * dr;
      gAlpha += w * dAlpha;
      ga += w * da;
      gb += w * db;
    }
    const scale = data.customers;
    const natural = [r, alpha, a, b];
    const grads = [gr, gAlpha, ga, gb];
    let penalty = 0;
    for (let i = 0; i < 4; i++) {
      const p = natural[i] as number;
      penalty += p * p;
      // chain rule for log-parameters: ∂/∂θ = p·∂/∂p
      gradient[i] = p * (-(grads[i] as number) / scale + 2 * penalizer * p);
    }
    return -ll / scale + penalizer * penalty;
  };
}

/** The distinct values of a column, and each row's position among them. */
function distinctValues(column: Float64Array): { values: Float64Array; slot: Int32Array } {
  const position = new Map<number, number>();
  const slot = new Int32Array(column.length);
  for (let j = 0; j < column.length; j++) {
    const v = column[j] as number;
    let at = position.get(v);
    if (at === undefined) {
      at = position.size;
      position.set(v, at);
    }
    slot[j] = at;
  }
  return { values: Float64Array.from(position.keys()), slot };
}

export function betaGeometricLogLikelihood(
  variant: BetaGeometricVariant,
  p: BetaGeometricParameters,
  data: FitData,
): number {
  const objective = betaGeometricObjective(variant, data);
  return -objective([p.r, p.alpha, p.a, p.b].map(Math.log), [0, 0, 0, 0]) * data.customers;
}

export interface FitOptions {
  /** L2 penalty on the parameters (in time scaled so the longest T is 1), as in lifetimes. */
  penalizer?: number;
}

export interface FitOutcome<P> {
  params: P;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** Above this many customers the starts are tried on a sample first (see fitBetaGeometric). */
const PILOT_CUSTOMERS = 50_000;
const BFGS = { maxIterations: 300, gradientTolerance: 1e-9 };

/**
 * Maximum likelihood from several starts (BTYD's (1, 3, 1, 3), lifetimes' 1.1s and one near
 * zero); time is scaled so the longest T is 1, as in lifetimes, so the penalizer means the same
 * whatever the time unit. The best converged optimum wins.
 *
 * A large population first runs the starts on an evenly spaced sample of 50,000 customers, then
 * polishes that optimum on everyone from the sample's point and curvature: the full likelihood is
 * evaluated a handful of times instead of hundreds, and the optimum is the full data's own (the
 * starts again on everyone only if the polish does not converge).
 */
export function fitBetaGeometric(
  variant: BetaGeometricVariant,
  data: FitData,
  options: FitOptions = {},
): FitOutcome<BetaGeometricParameters> {
  if (data.customers === 0) throw new RangeError('no customers to fit');
  const scale = maxT(data) || 1;
  const scaled: FitData = {
    ...data,
    tx: data.tx.map((v) => v / scale),
    T: data.T.map((v) => v / scale),
  };
  const penalizer = options.penalizer ?? 0;
  const objective = betaGeometricObjective(variant, scaled, penalizer);
  let chosen: BfgsResult | undefined;
  if (data.customers > 2 * PILOT_CUSTOMERS) {
    const pilot = bestOfStarts(
      betaGeometricObjective(variant, sampleFitData(scaled, PILOT_CUSTOMERS), penalizer),
      scale,
    );
    const polished = minimizeBfgs(bounded(objective), pilot.x, {
      ...BFGS,
      inverseHessian: pilot.inverseHessian,
    });
    if (polished.converged) chosen = polished;
  }
  chosen ??= bestOfStarts(objective, scale);
  const [r, alphaScaled, a, b] = chosen.x.map(Math.exp) as [number, number, number, number];
  const params = { r, alpha: alphaScaled * scale, a, b };
  return {
    params,
    logLikelihood: betaGeometricLogLikelihood(variant, params, data),
    iterations: chosen.iterations,
    converged: chosen.converged,
  };
}

function bestOfStarts(objective: ObjectiveWithGradient, scale: number): BfgsResult {
  const starts = [
    [1, 3 / scale, 1, 3],
    [1.1, 1.1, 1.1, 1.1],
    [0.5, 0.1, 0.5, 2],
  ].map((s) => s.map(Math.log));
  let best: BfgsResult | undefined;
  for (const [i, start] of starts.entries()) {
    const result = minimizeBfgs(bounded(objective), start, BFGS);
    if (!best || (result.converged && !best.converged) || result.value < best.value - 1e-12) best = result;
    if (best.converged && i >= 1) break;
  }
  return best as BfgsResult;
}

/** Drop-out odds factor a/(b + x + m − 1); zero when no drop-out could have happened yet. */
function dropOutOdds(variant: BetaGeometricVariant, p: BetaGeometricParameters, x: number): number {
  const k = x + shiftOf(variant);
  return k > 0 ? p.a / (p.b + k - 1) : 0;
}

/** P(alive at T | x, t_x, T). */
export function betaGeometricPAlive(
  variant: BetaGeometricVariant,
  p: BetaGeometricParameters,
  x: number,
  tx: number,
  T: number,
): number {
  const odds = dropOutOdds(variant, p, x);
  if (odds === 0) return 1;
  return expit(-(Math.log(odds) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx))));
}

/** Keeps a away from the removable singularity of the expectation at a = 1. */
const A_GUARD = 1e-4;

/** E[purchases in (T, T + t] | x, t_x, T] (FHL 2005 eq. 10; for x = t_x = T = 0, eq. 9). */
export function betaGeometricExpected(
  variant: BetaGeometricVariant,
  p: BetaGeometricParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (t <= 0) return 0;
  if (Math.abs(p.a - 1) < A_GUARD) {
    // The limit at a = 1 is finite; the formula's 0/0 is not. Average the two sides.
    const below = betaGeometricExpected(variant, { ...p, a: 1 - A_GUARD }, t, x, tx, T);
    const above = betaGeometricExpected(variant, { ...p, a: 1 + A_GUARD }, t, x, tx, T);
    return (below + above) / 2;
  }
  const m = shiftOf(variant);
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const logRatio = (r + x) * Math.log((alpha + T) / (alpha + T + t));
  const logF = logHyp2f1(r + x, b + x + m, a + b + x + m - 1, z);
  // 1 − e^{logRatio + logF}, kept accurate when the exponent is near 0.
  const bracket = -Math.expm1(logRatio + logF);
  const expected = ((a + b + x + m - 1) / (a - 1)) * bracket * betaGeometricPAlive(variant, p, x, tx, T);
  return Math.max(0, expected);
}

/** P(no purchase in (T, T + t] | x, t_x, T) (Hardie note 039 eq. 34, guarded for x = 0). */
export function betaGeometricNoPurchase(
  variant: BetaGeometricVariant,
  p: BetaGeometricParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return noPurchaseFrom(betaGeometricPAlive(variant, p, x, tx, T), p.r, p.alpha, x, T, t);
}

/**
 * Time after the last purchase at which P(alive) falls to θ if no purchase comes (closed form):
 * Δ = (α + t_x)·(K^{1/(r+x)} − 1), K = ((1−θ)/θ)·(b + x + m − 1)/a. Zero when P(alive) is
 * already below θ at the last purchase; null when it never falls (BG/NBD with x = 0).
 */
export function betaGeometricChurnDelay(
  variant: BetaGeometricVariant,
  p: BetaGeometricParameters,
  theta: number,
  x: number,
  tx: number,
): number | null {
  const odds = dropOutOdds(variant, p, x);
  if (odds === 0) return null;
  const logK = Math.log((1 - theta) / theta) - Math.log(odds);
  const delay = (p.alpha + tx) * Math.expm1(logK / (p.r + x));
  return Math.max(0, delay);
}
