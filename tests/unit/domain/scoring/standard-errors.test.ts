/**
 * Standard errors from the Hessian, against the figures the reference packages print for the
 * CDNOW sample (calibration to 1997-09-30, weeks): lifetimes' Quickstart `bgf.summary` for
 * BG/NBD and CLVTools' correctness test for Pareto/NBD.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compress, type FitData } from '../../../../functions/domain/scoring/fit-data.js';
import {
  invertPositiveDefinite,
  parameterUncertainty,
  spendUncertainty,
  transactionUncertainty,
} from '../../../../functions/domain/scoring/standard-errors.js';
import { calibrationSummary, readCdnow } from '../../../support/order-files.js';

let data: FitData;
let summary: Awaited<ReturnType<typeof calibrationSummary>>;

beforeAll(async () => {
  summary = calibrationSummary(await readCdnow());
  data = compress(summary, 7);
});

const fitted = <P>(model: 'bgnbd' | 'pareto', params: P) => ({
  model,
  params: params as never,
  logLikelihood: 0,
  customers: 2357,
  converged: true,
});

describe('transactionUncertainty', () => {
  it("gives lifetimes' BG/NBD standard errors on the CDNOW sample (Quickstart summary, 6 digits)", () => {
    // Prepare: lifetimes' own optimum, as its summary prints it
    const params = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    const published = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 };

    // Act
    const { standardErrors, intervals } = transactionUncertainty(fitted('bgnbd', params), data);

    // Assess: to 1e-4 relative (both are printed to 6 digits; we measure 2e-5 at most)
    for (const [name, se] of Object.entries(published))
      expect(Math.abs((standardErrors?.[name] as number) / se - 1), name).toBeLessThan(1e-4);
    // The interval is on the log scale: around the estimate, positive, wider above than below.
    const [low, high] = (intervals as Record<string, [number, number]>).b as [number, number];
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThan(params.b);
    expect(high - params.b).toBeGreaterThan(params.b - low);
    expect(Math.log(high / params.b)).toBeCloseTo((1.96 * published.b) / params.b, 2);
  });

  it("gives CLVTools' Pareto/NBD standard errors on the CDNOW sample", () => {
    const params = { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.6715 };
    const published = { r: 0.0476264, alpha: 0.8427222, s: 0.1872594, beta: 6.2105448 };

    const { standardErrors } = transactionUncertainty(fitted('pareto', params), data);

    // To 1e-3 relative: CLVTools' estimates are printed to 5–6 digits (we measure 5e-4 at most).
    for (const [name, se] of Object.entries(published))
      expect(Math.abs((standardErrors?.[name] as number) / se - 1), name).toBeLessThan(1e-3);
  });
});

describe('spendUncertainty', () => {
  it('gives Gamma-Gamma standard errors that shrink like 1/√n as the data grow', () => {
    const spend = summary.filter((c) => c.x > 0).map((c) => ({ x: c.x, meanValue: c.meanValue }));
    const params = { p: 6.2488, q: 3.74459, gamma: 15.44775 };

    const once = spendUncertainty(params, spend);
    const fourTimes = spendUncertainty(params, [...spend, ...spend, ...spend, ...spend]);

    for (const name of ['p', 'q', 'gamma']) {
      const se = once.standardErrors?.[name] as number;
      expect(se, name).toBeGreaterThan(0);
      expect((fourTimes.standardErrors?.[name] as number) / se, name).toBeCloseTo(0.5, 3);
    }
  });
});

describe('parameterUncertainty', () => {
  it('gives the exact errors of a normal mean and spread (σ/√n and σ/√(2n))', () => {
    // Prepare: the log-likelihood of n observations with sample mean 3 and variance 4, in (μ, σ)
    const n = 400;
    const logLikelihood = ({ mu, sigma }: { mu: number; sigma: number }) =>
      -n * Math.log(sigma) - (n * (4 + (mu - 3) ** 2)) / (2 * sigma * sigma);

    const { standardErrors } = parameterUncertainty({ mu: 3, sigma: 2 }, logLikelihood);

    expect(standardErrors?.mu).toBeCloseTo(2 / Math.sqrt(n), 5);
    expect(standardErrors?.sigma).toBeCloseTo(2 / Math.sqrt(2 * n), 5);
  });

  it('gives no standard errors, and says why, where the likelihood is flat in one direction', () => {
    // Only the product a·b is identified: a ridge, the Hessian is singular.
    const logLikelihood = ({ a, b }: { a: number; b: number }) => -((a * b - 2) ** 2) * 100;

    const result = parameterUncertainty({ a: 1, b: 2 }, logLikelihood);

    expect(result.standardErrors).toBeNull();
    expect(result.intervals).toBeNull();
    expect(result.warning).toMatch(/not curved/);
    expect(JSON.stringify(result)).not.toMatch(/NaN/);
  });

  it('gives none at a saddle or a minimum of the likelihood rather than a negative variance', () => {
    const result = parameterUncertainty({ a: 1 }, ({ a }) => Math.log(a) ** 2 * 50);
    expect(result.standardErrors).toBeNull();
  });
});

describe('invertPositiveDefinite', () => {
  it('inverts a positive-definite matrix', () => {
    const inverse = invertPositiveDefinite([
      [4, 2],
      [2, 3],
    ]) as number[][];
    // inv = 1/8 · [[3, −2], [−2, 4]]
    expect(inverse[0]?.[0]).toBeCloseTo(3 / 8, 12);
    expect(inverse[0]?.[1]).toBeCloseTo(-2 / 8, 12);
    expect(inverse[1]?.[1]).toBeCloseTo(4 / 8, 12);
  });
});
