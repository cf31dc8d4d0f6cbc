/**
 * Unconstrained minimisers for maximum-likelihood fits on log-parameters.
 *
 * BFGS with an Armijo backtracking line search is what lifetimes and CLVTools use (via scipy and
 * optim); it needs the gradient, which the models supply analytically or by central differences.
 * Nelder–Mead needs no gradient and is the fallback when BFGS stalls on a flat or noisy surface.
 * No maintained JavaScript optimiser offers both with a clean API (fmin, numeric and
 * optimization-js are unmaintained), so the ~120 lines live here, with tests on known minima.
 */

export type Objective = (x: readonly number[]) => number;
/**
 * Returns the value and writes the gradient into `gradient`. `valueOnly`, when given, is the
 * value alone: the line search tries points with it and pays for a gradient only at the point it
 * accepts (a numeric gradient costs 2n more evaluations).
 */
export type ObjectiveWithGradient = ((x: readonly number[], gradient: number[]) => number) & {
  valueOnly?: Objective;
};

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export interface BfgsResult extends MinimizeResult {
  /** The final inverse-Hessian approximation: a warm start for a nearby problem. */
  inverseHessian: number[][];
}

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when the largest gradient component is below this. @default 1e-7 */
  gradientTolerance?: number;
  /** Starting inverse Hessian (another fit's `inverseHessian`). @default the identity */
  inverseHessian?: readonly (readonly number[])[];
}

/**
 * Also stop after three steps in a row that improve the value by less than this (relative): a
 * numeric gradient's noise can keep the gradient above its tolerance for ever while the value
 * no longer moves.
 */
const VALUE_TOLERANCE = 1e-13;

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((s, v, i) => s + v * (b[i] as number), 0);

export function minimizeBfgs(
  f: ObjectiveWithGradient,
  start: readonly number[],
  options: BfgsOptions = {},
): BfgsResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-7;
  let x = [...start];
  let g = new Array<number>(n).fill(0);
  let value = f(x, g);
  if (!Number.isFinite(value)) throw new RangeError('the objective is not finite at the start point');
  // Inverse Hessian approximation, starting as the identity unless a warm start is given.
  let h: number[][] = options.inverseHessian
    ? options.inverseHessian.map((row) => [...row])
    : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const valueAt = f.valueOnly;
  let stalled = 0;
  /** `h` has been updated from a step of this run since it was last the identity. */
  let curvatureLearnt = false;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.max(...g.map(Math.abs)) < tolerance)
      return { x, value, iterations: iteration, converged: true, inverseHessian: h };
    if (stalled >= 3)
      return {
        x,
        value,
        iterations: iteration,
        converged: Math.max(...g.map(Math.abs)) < tolerance * 1e4,
        inverseHessian: h,
      };
    let direction = h.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      curvatureLearnt = false;
      h = h.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    if (
      curvatureLearnt &&
      -slope <= VALUE_TOLERANCE * (1 + Math.abs(value)) &&
      Math.max(...g.map(Math.abs)) < tolerance * 1e3
    )
      // The best a full step could gain is below the value's rounding: the gradient's own noise
      // (a sum over many customers) keeps it above a tight tolerance, and every trial step would
      // be a whole evaluation spent chasing that noise. Only once `h` has learnt this surface's
      // curvature: the identity (or another sample's) can make a real slope look flat.
      return { x, value, iterations: iteration, converged: true, inverseHessian: h };
    let step = 1;
    const nextG = new Array<number>(n).fill(0);
    let next: number[] = x;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      next = x.map((v, i) => v + step * (direction[i] as number));
      nextValue = valueAt ? valueAt(next) : f(next, nextG);
      if (Number.isFinite(nextValue) && nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (valueAt && Number.isFinite(nextValue)) nextValue = f(next, nextG);
    stalled = value - nextValue <= VALUE_TOLERANCE * (1 + Math.abs(value)) ? stalled + 1 : 0;
    if (!(nextValue < value) && !(nextValue <= value && Math.max(...nextG.map(Math.abs)) < tolerance)) {
      return {
        x,
        value,
        iterations: iteration,
        converged: Math.max(...g.map(Math.abs)) < tolerance * 1e3,
        inverseHessian: h,
      };
    }
    const s = next.map((v, i) => v - (x[i] as number));
    const y = nextG.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12) {
      curvatureLearnt = true;
      // h ← (I − ρ s yᵀ) h (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      h = h.map((row, i) =>
        row.map(
          (v, j) =>
            v -
            rho * ((hy[i] as number) * (s[j] as number) + (s[i] as number) * (hy[j] as number)) +
            (rho * rho * yhy + rho) * (s[i] as number) * (s[j] as number),
        ),
      );
    }
    x = next;
    g = nextG;
    value = nextValue;
  }
  return {
    x,
    value,
    iterations: maxIterations,
    converged: Math.max(...g.map(Math.abs)) < tolerance,
    inverseHessian: h,
  };
}

/** Central-difference gradient, for objectives without an analytic one. */
export function withNumericGradient(f: Objective, relativeStep = 1e-6): ObjectiveWithGradient {
  const withGradient: ObjectiveWithGradient = (x, gradient) => {
    const value = f(x);
    const probe = [...x];
    for (let i = 0; i < x.length; i++) {
      const h = relativeStep * Math.max(1, Math.abs(x[i] as number));
      probe[i] = (x[i] as number) + h;
      const up = f(probe);
      probe[i] = (x[i] as number) - h;
      const down = f(probe);
      probe[i] = x[i] as number;
      gradient[i] = (up - down) / (2 * h);
    }
    return value;
  };
  withGradient.valueOnly = f;
  return withGradient;
}

export interface NelderMeadOptions {
  maxIterations?: number;
  /** Stop when the simplex's values differ by less than this. @default 1e-10 */
  tolerance?: number;
  initialStep?: number;
}

export function minimizeNelderMead(
  f: Objective,
  start: readonly number[],
  options: NelderMeadOptions = {},
): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 5000;
  const tolerance = options.tolerance ?? 1e-10;
  const step = options.initialStep ?? 0.5;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex = [start.slice(), ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map(
    (x) => ({
      x,
      value: safe(x),
    }),
  );
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0] as { x: number[]; value: number };
    const worst = simplex[n] as { x: number[]; value: number };
    if (Math.abs(worst.value - best.value) < tolerance)
      return { ...best, iterations: iteration, converged: true };
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + (p.x[j] as number), 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * ((worst.x[j] as number) - c));
    const reflected = along(-1);
    const reflectedValue = safe(reflected);
    if (reflectedValue < best.value) {
      const expanded = along(-2);
      const expandedValue = safe(expanded);
      simplex[n] =
        expandedValue < reflectedValue
          ? { x: expanded, value: expandedValue }
          : { x: reflected, value: reflectedValue };
    } else if (reflectedValue < (simplex[n - 1] as { value: number }).value) {
      simplex[n] = { x: reflected, value: reflectedValue };
    } else {
      const contracted = along(reflectedValue < worst.value ? -0.5 : 0.5);
      const contractedValue = safe(contracted);
      if (contractedValue < Math.min(worst.value, reflectedValue))
        simplex[n] = { x: contracted, value: contractedValue };
      // Shrink every vertex halfway towards the best one.
      else
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, j) => (best.x[j] as number) + 0.5 * (v - (best.x[j] as number)));
          return { x, value: safe(x) };
        });
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  return { ...(simplex[0] as { x: number[]; value: number }), iterations: maxIterations, converged: false };
}

/**
 * Log-parameters beyond ±LOG_BOUND (about 3e-7 … 3e6) mean the data push a parameter to its
 * boundary (for example no sign of drop-out at all). The objective is infinite there, so the
 * search stops at the edge and reports no convergence instead of walking off for ever.
 */
export const LOG_BOUND = 15;

export function bounded<F extends Objective | ObjectiveWithGradient>(f: F): F {
  const inside = (x: readonly number[]) => x.every((v) => Math.abs(v) <= LOG_BOUND);
  const g = ((x: readonly number[], gradient: number[]) =>
    inside(x) ? f(x, gradient) : Number.POSITIVE_INFINITY) as F & { valueOnly?: Objective };
  const valueOnly = (f as { valueOnly?: Objective }).valueOnly;
  if (valueOnly) g.valueOnly = (x) => (inside(x) ? valueOnly(x) : Number.POSITIVE_INFINITY);
  return g;
}
