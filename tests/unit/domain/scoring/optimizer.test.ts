import { describe, expect, it } from 'vitest';
import {
  bounded,
  LOG_BOUND,
  minimizeBfgs,
  minimizeNelderMead,
  type ObjectiveWithGradient,
  withNumericGradient,
} from '../../../../functions/domain/scoring/optimizer.js';

/** Rosenbrock's banana valley: minimum 0 at (1, 1), hard for naive methods. */
const rosenbrock = (x: readonly number[]) => {
  const [a, b] = x as [number, number];
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

/** An ill-conditioned quadratic with its analytic gradient: minimum 0 at (3, −2, 0.5). */
const quadratic: ObjectiveWithGradient = (x, gradient) => {
  const [a, b, c] = x as [number, number, number];
  gradient[0] = 2 * (a - 3);
  gradient[1] = 200 * (b + 2);
  gradient[2] = 0.02 * (c - 0.5);
  return (a - 3) ** 2 + 100 * (b + 2) ** 2 + 0.01 * (c - 0.5) ** 2;
};

describe('minimizeBfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic from its gradient', () => {
    const result = minimizeBfgs(quadratic, [0, 0, 0]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 6);
    expect(result.x[1]).toBeCloseTo(-2, 6);
    expect(result.x[2]).toBeCloseTo(0.5, 4);
    expect(result.iterations).toBeLessThan(50);
  });

  it('walks the Rosenbrock valley with a numeric gradient', () => {
    const result = minimizeBfgs(withNumericGradient(rosenbrock), [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it('starts faster from the inverse Hessian of a nearby problem', () => {
    const cold = minimizeBfgs(quadratic, [0, 0, 0]);
    const warm = minimizeBfgs(quadratic, [0.1, 0.1, 0.1], { inverseHessian: cold.inverseHessian });
    expect(warm.converged).toBe(true);
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });

  it('stops once no step can gain more than rounding, instead of halving steps against a noisy gradient', () => {
    // A likelihood summed over a million customers: its gradient carries noise near 1e-8, above
    // the fits' 1e-9 tolerance, that no step can remove, and its value wobbles by 1e-14 from
    // rounding; here the wobble always favours the point the search stands on, as it can.
    let evaluations = 0;
    const wobble = (a: number, b: number) => {
      const s = Math.sin(a * 12.9898e6 + b * 78.233e6) * 43_758.5453;
      return s - Math.floor(s);
    };
    const quadratic = (a: number, b: number) => -1 + (a - 1) ** 2 + 10 * (b + 1) ** 2;
    const noisy: ObjectiveWithGradient = (x, gradient) => {
      evaluations++;
      const [a, b] = x as [number, number];
      gradient[0] = 2 * (a - 1) + 2e-8 * (wobble(b, a) - 0.5);
      gradient[1] = 20 * (b + 1) + 2e-8 * (wobble(a, b) - 0.5);
      return quadratic(a, b);
    };
    noisy.valueOnly = (x) => {
      evaluations++;
      const [a, b] = x as [number, number];
      return quadratic(a, b) + 1e-14 * wobble(a, b);
    };
    const result = minimizeBfgs(noisy, [0.5, -0.5], { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(-1, 6);
    // Each evaluation is a pass over every customer: a few steps, not dozens of halvings.
    expect(evaluations).toBeLessThan(30);
  });
});

describe('withNumericGradient', () => {
  it('matches the analytic gradient by central differences', () => {
    const analytic = [0, 0, 0];
    const numeric = [0, 0, 0];
    const x = [1.3, -0.7, 4];
    quadratic(x, analytic);
    withNumericGradient((p) => quadratic(p, [0, 0, 0]))(x, numeric);
    numeric.forEach((g, i) => {
      expect(g).toBeCloseTo(analytic[i] as number, 5);
    });
  });
});

describe('minimizeNelderMead', () => {
  it('finds the Rosenbrock minimum without a gradient', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });

  it('treats NaN and infinite values as worst and stays where the objective is defined', () => {
    // Defined for positive x only (a log-likelihood's domain); minimum at x = 2.
    const f = (x: readonly number[]) => {
      const v = x[0] as number;
      return v > 0 ? (Math.log(v) - Math.log(2)) ** 2 : Number.NaN;
    };
    const result = minimizeNelderMead(f, [0.2], { initialStep: 1 });
    expect(result.x[0]).toBeCloseTo(2, 3);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('reports no convergence when it runs out of iterations', () => {
    expect(minimizeNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5 }).converged).toBe(false);
  });
});

describe('bounded', () => {
  it(`stops a search at ±${LOG_BOUND} on the log scale and reports no convergence`, () => {
    // The minimum lies at x = 40, beyond the bound: a parameter the data push to its edge.
    const runaway: ObjectiveWithGradient = (x, gradient) => {
      gradient[0] = 2 * ((x[0] as number) - 40);
      return ((x[0] as number) - 40) ** 2;
    };
    const result = minimizeBfgs(bounded(runaway), [0]);
    expect(result.converged).toBe(false);
    expect(Math.abs(result.x[0] as number)).toBeLessThanOrEqual(LOG_BOUND);
    expect(result.x[0]).toBeGreaterThan(LOG_BOUND - 1);
  });

  it('keeps the value-only shortcut, bounded the same way', () => {
    const f = withNumericGradient((x) => (x[0] as number) ** 2);
    const g = bounded(f);
    expect(g.valueOnly?.([3])).toBe(9);
    expect(g.valueOnly?.([LOG_BOUND + 1])).toBe(Number.POSITIVE_INFINITY);
    expect(g([LOG_BOUND + 1], [0])).toBe(Number.POSITIVE_INFINITY);
  });
});
