/**
 * Standard errors and 95 % intervals of fitted parameters from the curvature of the
 * log-likelihood at the optimum (the observed information), as lifetimes reports them.
 *
 * The Hessian is taken numerically, by central differences, on the log-parameters — the scale
 * the fits optimise on. There the parameters are of one size (r ≈ 0.2 and β ≈ 10 differ by
 * orders of magnitude, their logarithms do not), so one relative step suits them all and the
 * matrix is well conditioned. Its inverse is the covariance of ln θ; the delta method gives
 * se(θ) = θ·se(ln θ), which is lifetimes' `params²·inv(H)` exactly. The 95 % interval is
 * exp(ln θ ± 1.96·se(ln θ)): it stays positive like the parameter (lifetimes' θ ± 1.96·se can
 * reach below zero for a poorly identified parameter) and is the Wald interval of the scale the
 * likelihood is closest to quadratic on.
 */
import { type BetaGeometricParameters, betaGeometricObjective } from './beta-geometric.js';
import { type FitData, sampleFitData } from './fit-data.js';
import {
  type GammaGammaParameters,
  gammaGammaLogLikelihood,
  type SpendObservation,
  spendSample,
} from './gamma-gamma.js';
import { type FittedTransactionModel, transactionLogLikelihood } from './models.js';

/** Step on the log-parameters: small for the truncation error, large against rounding (the
 * log-likelihood of thousands of customers carries ~1e-12 of relative noise). */
const LOG_STEP = 1e-3;
const Z_95 = 1.959963984540054;

export interface ParameterUncertainty {
  /** se(θ) per parameter; null when the Hessian cannot be inverted. */
  standardErrors: Record<string, number> | null;
  /** 95 % interval per parameter, exp(ln θ ± 1.96·se(ln θ)); null with the standard errors. */
  intervals: Record<string, [number, number]> | null;
  /** Why there are no standard errors. */
  warning?: string;
}

/**
 * The uncertainty of `params`, a maximum of `logLikelihood` (the total over customers, not the
 * mean: the information grows with the data, and so the errors shrink).
 */
export function parameterUncertainty<P extends object>(
  params: P,
  logLikelihood: (params: P) => number,
): ParameterUncertainty {
  const names = Object.keys(params) as (keyof P & string)[];
  const center = names.map((n) => Math.log(params[n] as number));
  const nll = (u: readonly number[]) =>
    -logLikelihood(Object.fromEntries(names.map((n, i) => [n, Math.exp(u[i] as number)])) as P);
  return uncertaintyFromHessian(params, numericHessian(nll, center, LOG_STEP));
}

/**
 * The uncertainty of `params` from the Hessian of the negative log-likelihood (the total) on the
 * log-parameters, in the order of `params`' keys; null: it could not be taken.
 */
function uncertaintyFromHessian<P extends object>(
  params: P,
  hessian: number[][] | null,
): ParameterUncertainty {
  const names = Object.keys(params) as (keyof P & string)[];
  const center = names.map((n) => Math.log(params[n] as number));
  const covariance = hessian && invertPositiveDefinite(hessian);
  if (!covariance)
    return {
      standardErrors: null,
      intervals: null,
      warning:
        'the log-likelihood is not curved in every direction at the optimum (a parameter at its boundary, or too little data): no standard errors',
    };
  const standardErrors: Record<string, number> = {};
  const intervals: Record<string, [number, number]> = {};
  names.forEach((name, i) => {
    const logSe = Math.sqrt((covariance[i] as number[])[i] as number);
    const value = params[name] as number;
    standardErrors[name] = value * logSe;
    intervals[name] = [
      Math.exp((center[i] as number) - Z_95 * logSe),
      Math.exp((center[i] as number) + Z_95 * logSe),
    ];
  });
  const finite = Object.values(standardErrors).every(Number.isFinite);
  return finite
    ? { standardErrors, intervals }
    : { standardErrors: null, intervals: null, warning: 'the standard errors are not finite: none given' };
}

/** Central-difference Hessian of f at x; null when f is not finite somewhere on the stencil. */
export function numericHessian(
  f: (x: readonly number[]) => number,
  x: readonly number[],
  h: number,
): number[][] | null {
  const n = x.length;
  const at = (steps: [number, number][]) => {
    const probe = [...x];
    for (const [i, s] of steps) probe[i] = (probe[i] as number) + s * h;
    return f(probe);
  };
  const f0 = f(x);
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = H[i] as number[];
    row[i] = (at([[i, 1]]) - 2 * f0 + at([[i, -1]])) / (h * h);
    for (let j = 0; j < i; j++) {
      const value =
        (at([
          [i, 1],
          [j, 1],
        ]) -
          at([
            [i, 1],
            [j, -1],
          ]) -
          at([
            [i, -1],
            [j, 1],
          ]) +
          at([
            [i, -1],
            [j, -1],
          ])) /
        (4 * h * h);
      row[j] = value;
      (H[j] as number[])[i] = value;
    }
  }
  return H.every((row) => row.every(Number.isFinite)) ? H : null;
}

/**
 * The inverse of a symmetric positive-definite matrix by Cholesky; null when it is not positive
 * definite (a flat or saddle direction: the covariance does not exist) or nearly singular.
 */
export function invertPositiveDefinite(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i] as number)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i] as number[])[j] as number;
      for (let k = 0; k < j; k++)
        sum -= ((L[i] as number[])[k] as number) * ((L[j] as number[])[k] as number);
      if (i === j) {
        // A pivot lost in the rounding of the largest entry is no curvature at all.
        if (!(sum > scale * 1e-12)) return null;
        (L[i] as number[])[i] = Math.sqrt(sum);
      } else (L[i] as number[])[j] = sum / ((L[j] as number[])[j] as number);
    }
  }
  // inv(A) = inv(L)ᵀ·inv(L); inv(L) by forward substitution, column by column.
  const Linv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let sum = i === c ? 1 : 0;
      for (let k = c; k < i; k++)
        sum -= ((L[i] as number[])[k] as number) * ((Linv[k] as number[])[c] as number);
      (Linv[i] as number[])[c] = sum / ((L[i] as number[])[i] as number);
    }
  }
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++)
        sum += ((Linv[k] as number[])[i] as number) * ((Linv[k] as number[])[j] as number);
      return sum;
    }),
  );
}

/**
 * Past this many customers Pareto/NBD's curvature is measured on an even sample and scaled up
 * (the Hessian is a sum over customers): each of its 33 likelihood evaluations costs two ₂F₁
 * series per distinct (x, t_x, T). The closed-form models use everyone.
 */
const PARETO_HESSIAN_SAMPLE = 50_000;

/** The uncertainty of a fitted transaction model's parameters on the data it was fitted to. */
export function transactionUncertainty(fitted: FittedTransactionModel, data: FitData): ParameterUncertainty {
  if (fitted.model !== 'pareto') {
    // BG/NBD and MBG/NBD have an analytic gradient: the Hessian is its central difference, eight
    // evaluations of the whole population instead of 33 of the likelihood alone.
    const p = fitted.params as BetaGeometricParameters;
    const objective = betaGeometricObjective(fitted.model, data);
    const center = [p.r, p.alpha, p.a, p.b].map(Math.log);
    const hessian = center.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < 4; i++) {
      const gradients = [1, -1].map((sign) => {
        const probe = [...center];
        probe[i] = (probe[i] as number) + sign * LOG_STEP;
        const gradient = [0, 0, 0, 0];
        objective(probe, gradient);
        return gradient;
      }) as [number[], number[]];
      for (let j = 0; j < 4; j++)
        (hessian[i] as number[])[j] =
          (((gradients[0][j] as number) - (gradients[1][j] as number)) / (2 * LOG_STEP)) * data.customers;
    }
    const symmetric = hessian.map((row, i) =>
      row.map((v, j) => (v + ((hessian[j] as number[])[i] as number)) / 2),
    );
    const finite = symmetric.every((row) => row.every(Number.isFinite));
    return uncertaintyFromHessian(p, finite ? symmetric : null);
  }
  const sample = sampleFitData(data, PARETO_HESSIAN_SAMPLE);
  const factor = data.customers / sample.customers;
  return parameterUncertainty(
    fitted.params,
    (p) => factor * transactionLogLikelihood(fitted.model, p, sample),
  );
}

/** The uncertainty of Gamma-Gamma's parameters on the repeat buyers it was fitted to. */
export function spendUncertainty(
  params: GammaGammaParameters,
  observations: readonly SpendObservation[],
): ParameterUncertainty {
  const sample = spendSample(observations);
  return parameterUncertainty(params, (p) => gammaGammaLogLikelihood(p, sample));
}
