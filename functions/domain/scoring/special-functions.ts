/**
 * Special functions the customer-base models need, all in log space where values can overflow:
 * a purchase count of a few hundred drives ₂F₁ past 1e300 and Γ far beyond.
 *
 * lnΓ and ψ come from stdlib (tested against Boost/Cephes); the Gauss series for ₂F₁ is ours
 * because no maintained JS library evaluates it in log space, and the models only ever need it
 * for 0 ≤ z < 1 with positive parameters, where the series converges and every term is positive.
 */
import digammaImpl from '@stdlib/math-base-special-digamma';
import gammalnImpl from '@stdlib/math-base-special-gammaln';

export const lnGamma: (x: number) => number = gammalnImpl;
export const digamma: (x: number) => number = digammaImpl;

/** ln(e^u + e^v) without overflow. */
export function logSumExp(u: number, v: number): number {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}

/** 1 / (1 + e^−x), stable for large |x|. */
export function expit(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const MAX_TERMS = 100_000;

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 by the Gauss series, summed relative to its
 * running total so neither terms nor sum overflow. Terms first grow (while (a+n)(b+n)z >
 * (c+n)(n+1)) and then shrink geometrically; we stop once a term adds less than 1e-16 of the sum
 * on the shrinking side. For z close to 1 Euler's transformation is applied first when it makes
 * the series shorter (c − a − b > 0 lets (1−z)^{c−a−b} carry the size).
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = MAX_TERMS): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`₂F₁ needs 0 ≤ z < 1, got ${z}`);
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError('₂F₁ needs positive parameters here');
  if (z === 0) return 0;
  // Euler: ₂F₁(a,b;c;z) = (1−z)^{c−a−b} ₂F₁(c−a, c−b; c; z), useful when both c−a, c−b > 0.
  if (z > 0.5 && c - a > 0 && c - b > 0 && c - a + (c - b) < a + b) {
    return (c - a - b) * Math.log1p(-z) + logHyp2f1Series(c - a, c - b, c, z, maxTerms);
  }
  return logHyp2f1Series(a, b, c, z, maxTerms);
}

function logHyp2f1Series(a: number, b: number, c: number, z: number, maxTerms: number): number {
  // Sum S = Σ t_n with t_0 = 1, kept as scale·s with ln(scale) = logScale, so s stays near 1.
  let logScale = 0;
  let s = 1;
  let term = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    s += term;
    if (s > 1e200) {
      logScale += Math.log(s);
      term /= s;
      s = 1;
    }
    if (ratio < 1 && term < 1e-16 * s) return logScale + Math.log(s);
    if (term === 0) return logScale + Math.log(s);
  }
  throw new RangeError(`₂F₁(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}
