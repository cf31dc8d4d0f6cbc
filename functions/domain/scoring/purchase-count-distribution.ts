/**
 * P(X(t) = n): the probability that a randomly chosen new customer makes exactly n repeat
 * purchases in their first t time units — the distribution behind the expected purchases,
 * which planners ask of it ("how many will buy again at least twice in a year?").
 *
 * BG/NBD: Fader, Hardie & Lee (2005) eq. 8; MBG/NBD: the same with the drop-out chance also
 * at the first purchase (Batislam et al. 2007). Both are mixtures of "still alive after n
 * purchases" and "dropped out right after the n-th": with the NBD terms
 * NB_j = Γ(r+j)/(Γ(r) j!)·(α/(α+t))^r·(t/(α+t))^j and m = 0 (BG) or 1 (MBG),
 *
 *   P(n) = B(a, b+n+m)/B(a, b)·NB_n + [n+m > 0]·B(a+1, b+n+m−1)/B(a, b)·(1 − Σ_{j<n} NB_j).
 *
 * Pareto/NBD: Fader & Hardie note 012 ("Deriving an expression for P(X(t) = x) under the
 * Pareto/NBD model"): alive throughout (0, t] with n purchases, or died after the n-th with the
 * ₂F₁ terms of the lifetime integral,
 *
 *   P(n) = NB_n·(β/(β+t))^s + α^r β^s·B(r+n, s+1)/B(r, s)·[B₁ − Σ_{j=0}^{n} (r+s)_j t^j/j!·B₂(j)],
 *
 * with B₁, B₂ the ₂F₁ expressions below (on the side of the larger of α and β, where the series
 * converges). Everything is in log space: Γ and ₂F₁ overflow long before the probabilities matter.
 */
import type { BetaGeometricParameters } from './beta-geometric.js';
import type { TransactionModelName, TransactionParameters } from './models.js';
import type { ParetoNbdParameters } from './pareto-nbd.js';
import { lnGamma, logHyp2f1, logSumExp } from './special-functions.js';

const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/** ln NB_0 … ln NB_maxCount: the NBD probabilities of j purchases in t, in log space. */
function logNbd(r: number, alpha: number, t: number, maxCount: number): Float64Array {
  const out = new Float64Array(maxCount + 1);
  const logStay = Math.log(alpha / (alpha + t));
  const logStep = Math.log(t / (alpha + t));
  out[0] = r * logStay;
  for (let j = 1; j <= maxCount; j++) out[j] = (out[j - 1] as number) + Math.log((r + j - 1) / j) + logStep;
  return out;
}

/** t ≤ 0: nobody has had time to buy. */
function nothingYet(maxCount: number): number[] {
  return Array.from({ length: maxCount + 1 }, (_, n) => (n === 0 ? 1 : 0));
}

export function betaGeometricPurchaseCounts(
  variant: 'bgnbd' | 'mbgnbd',
  p: BetaGeometricParameters,
  t: number,
  maxCount: number,
): number[] {
  if (!(t > 0)) return nothingYet(maxCount);
  const m = variant === 'bgnbd' ? 0 : 1;
  const { r, alpha, a, b } = p;
  const nb = logNbd(r, alpha, t, maxCount);
  const lnBab = lnBeta(a, b);
  const out: number[] = [];
  // 1 − Σ_{j<n} NB_j, carried along: the chance that the n-th purchase has happened by t.
  let reached = 1;
  for (let n = 0; n <= maxCount; n++) {
    const logNb = nb[n] as number;
    let value = Math.exp(lnBeta(a, b + n + m) - lnBab + logNb);
    if (n + m > 0) value += Math.exp(lnBeta(a + 1, b + n + m - 1) - lnBab) * Math.max(0, reached);
    out.push(Math.min(1, Math.max(0, value)));
    reached -= Math.exp(logNb);
  }
  return out;
}

export function paretoNbdPurchaseCounts(p: ParetoNbdParameters, t: number, maxCount: number): number[] {
  if (!(t > 0)) return nothingYet(maxCount);
  const { r, alpha, s, beta } = p;
  const nb = logNbd(r, alpha, t, maxCount);
  const logAliveThroughout = s * Math.log(beta / (beta + t));
  const lnBrs = lnBeta(r, s);
  const rs = r + s;
  // The ₂F₁ series run on the side of the larger rate scale, where their argument is below 1.
  const alphaSide = alpha >= beta;
  const big = alphaSide ? alpha : beta;
  const gap = Math.abs(alpha - beta);
  const out: number[] = [];
  for (let n = 0; n <= maxCount; n++) {
    const second = alphaSide ? s + 1 : r + n;
    const c = rs + n + 1;
    const logB1 = logHyp2f1(rs, second, c, gap / big) - rs * Math.log(big);
    let logSum = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= n; j++) {
      const logCoefficient = lnGamma(rs + j) - lnGamma(rs) - lnGamma(j + 1) + j * Math.log(t);
      const logB2 = logHyp2f1(rs + j, second, c, gap / (big + t)) - (rs + j) * Math.log(big + t);
      logSum = logSumExp(logSum, logCoefficient + logB2);
    }
    // B₁ − Σ > 0 (the chance of dying after the n-th purchase within t); from the ratio, so the
    // difference of two nearly equal terms never turns negative.
    const logDied =
      r * Math.log(alpha) +
      s * Math.log(beta) +
      lnBeta(r + n, s + 1) -
      lnBrs +
      logB1 +
      Math.log(Math.max(0, -Math.expm1(Math.min(0, logSum - logB1))));
    const value = Math.exp((nb[n] as number) + logAliveThroughout) + Math.exp(logDied);
    out.push(Math.min(1, Math.max(0, value)));
  }
  return out;
}

/** P(X(t) = 0 … maxCount) for a new customer under any transaction model. */
export function purchaseCountProbabilities(
  model: TransactionModelName,
  params: TransactionParameters,
  t: number,
  maxCount: number,
): number[] {
  return model === 'pareto'
    ? paretoNbdPurchaseCounts(params as ParetoNbdParameters, t, maxCount)
    : betaGeometricPurchaseCounts(model, params as BetaGeometricParameters, t, maxCount);
}
