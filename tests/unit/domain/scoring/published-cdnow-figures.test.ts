/**
 * The published CDNOW figures (Fader, Hardie & Lee 2005 and the packages that reproduce them;
 * shared/reference/scoring-models.md §6), reproduced from the raw CDNOW sample file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  betaGeometricChurnDelay,
  betaGeometricExpected,
  betaGeometricLogLikelihood,
  betaGeometricNoPurchase,
  betaGeometricObjective,
  fitBetaGeometric,
} from '../../../../functions/domain/scoring/beta-geometric.js';
import { compress, type FitData } from '../../../../functions/domain/scoring/fit-data.js';
import {
  fitGammaGamma,
  gammaGammaExpectedValue,
  gammaGammaLogLikelihood,
} from '../../../../functions/domain/scoring/gamma-gamma.js';
import {
  paretoNbdExpected,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from '../../../../functions/domain/scoring/pareto-nbd.js';
import { calibrationSummary, readCdnow } from '../../../support/order-files.js';

const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** CLVTools' 7-digit estimates on the same data. */
const CLVTOOLS_BGNBD = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

let summary: Awaited<ReturnType<typeof calibrationSummary>>;
let data: FitData;

beforeAll(async () => {
  summary = calibrationSummary(await readCdnow());
  data = compress(summary, 7);
});

describe('the CDNOW sample as the papers summarise it', () => {
  it('has 2,357 customers, 1,411 without a repeat purchase and 2,457 repeat purchase days', () => {
    expect(summary).toHaveLength(2357);
    expect(summary.filter((c) => c.x === 0)).toHaveLength(1411);
    expect(summary.reduce((s, c) => s + c.x, 0)).toBe(2457);
    expect(summary.reduce((s, c) => s + c.holdout, 0)).toBe(1882);
  });
});

describe('BG/NBD', () => {
  it('fits the published parameters and log-likelihood from its default starts', () => {
    const fit = fitBetaGeometric('bgnbd', data);
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(CLVTOOLS_BGNBD.r, 3);
    expect(fit.params.a).toBeCloseTo(CLVTOOLS_BGNBD.a, 3);
    expect(Math.abs(fit.params.alpha - CLVTOOLS_BGNBD.alpha)).toBeLessThan(0.005);
    expect(Math.abs(fit.params.b - CLVTOOLS_BGNBD.b)).toBeLessThan(0.005);
    expect(Math.abs(fit.logLikelihood - -9582.429)).toBeLessThan(1e-3);
  });

  it('fits a large population (tried on a sample, polished on everyone) to the optimum of all of it', () => {
    // Prepare: every CDNOW customer 60 times over — 141,420 customers, more than the pilot
    // sample, with exactly the same maximum-likelihood parameters and 60 times the likelihood
    const copies = 60;
    const large: FitData = {
      ...data,
      weight: data.weight.map((w) => w * copies),
      customers: data.customers * copies,
    };

    // Act
    const fit = fitBetaGeometric('bgnbd', large);

    // Assess: the optimum of the starts tried on everyone (the CDNOW fit itself), 60 times the likelihood
    const whole = fitBetaGeometric('bgnbd', data);
    expect(fit.converged).toBe(true);
    for (const name of ['r', 'alpha', 'a', 'b'] as const)
      expect(Math.abs(fit.params[name] / whole.params[name] - 1), name).toBeLessThan(1e-4);
    expect(Math.abs(fit.logLikelihood - copies * whole.logLikelihood)).toBeLessThan(copies * 1e-3);
  });

  it('gives −9582.4 at the rounded published parameters', () => {
    expect(betaGeometricLogLikelihood('bgnbd', PUBLISHED_BGNBD, data)).toBeCloseTo(-9582.4, 1);
  });

  it('matches the numerically stable single-customer log-likelihoods (Hardie note 027)', () => {
    const one = (x: number, tx: number) =>
      -betaGeometricObjective('bgnbd', compress([{ x, txDays: tx, TDays: 40 }], 1))(
        [0.25, 4, 0.8, 2.5].map(Math.log),
        [0, 0, 0, 0],
      );
    expect(one(0, 0)).toBeCloseTo(-0.59947382, 7);
    expect(one(200, 38)).toBeCloseTo(100.7957, 3);
  });

  it('reproduces the conditional expectation of Hardie’s spreadsheet: 1.226', () => {
    expect(betaGeometricExpected('bgnbd', PUBLISHED_BGNBD, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('reproduces the unconditional expectations E[X(t)] at fitted parameters', () => {
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    [0.1429, 1, 3, 31.8571, 32, 78].forEach((t, i) => {
      expect(betaGeometricExpected('bgnbd', CLVTOOLS_BGNBD, t, 0, 0, 0)).toBeCloseTo(
        expected[i] as number,
        3,
      );
    });
  });

  it('gives P(X(39) = 0) = 0.5737864 for a new customer', () => {
    expect(betaGeometricNoPurchase('bgnbd', PUBLISHED_BGNBD, 39, 0, 0, 0)).toBeCloseTo(0.5737864, 6);
  });

  it('reproduces the churn-delay table for t_x = 20 weeks (θ = 0.5 and 0.3)', () => {
    const table: [number, number, number][] = [
      [1, 35.6, 94.3],
      [2, 22.5, 44.0],
      [3, 17.1, 29.5],
      [4, 14.0, 22.5],
      [5, 12.0, 18.4],
      [7, 9.4, 13.6],
      [10, 7.3, 10.0],
    ];
    for (const [x, half, thirty] of table) {
      expect(betaGeometricChurnDelay('bgnbd', PUBLISHED_BGNBD, 0.5, x, 20)).toBeCloseTo(half, 1);
      expect(betaGeometricChurnDelay('bgnbd', PUBLISHED_BGNBD, 0.3, x, 20)).toBeCloseTo(thirty, 1);
    }
  });

  it('never gives a one-time buyer a churn moment (the weakness MBG/NBD and Pareto/NBD fix)', () => {
    expect(betaGeometricChurnDelay('bgnbd', PUBLISHED_BGNBD, 0.5, 0, 0)).toBeNull();
  });
});

describe('MBG/NBD', () => {
  it('fits the reference refit (no published values exist)', () => {
    const fit = fitBetaGeometric('mbgnbd', data);
    expect(fit.params.r).toBeCloseTo(0.5248, 3);
    expect(fit.params.alpha).toBeCloseTo(6.183, 2);
    expect(fit.params.a).toBeCloseTo(0.8914, 3);
    expect(fit.params.b).toBeCloseTo(1.614, 2);
    expect(fit.logLikelihood).toBeCloseTo(-9582.13, 1);
  });

  it('lets a one-time buyer fall to P(alive) = 0.5 at about 13 weeks', () => {
    const fit = fitBetaGeometric('mbgnbd', data);
    expect(betaGeometricChurnDelay('mbgnbd', fit.params, 0.5, 0, 0)).toBeCloseTo(13.0, 0);
  });
});

describe('Pareto/NBD', () => {
  const published = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  const walkthrough = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };

  it('gives −9594.98 at the published parameters', () => {
    expect(paretoNbdLogLikelihood(published, data)).toBeCloseTo(-9594.976, 2);
  });

  it('reproduces the BTYD walkthrough: P(alive) 0.9979 and E[Y(52)] 25.46 for x = 26', () => {
    expect(paretoNbdPAlive(walkthrough, 26, 30.86, 31)).toBeCloseTo(0.9979, 4);
    expect(paretoNbdExpected(walkthrough, 52, 26, 30.86, 31)).toBeCloseTo(25.45, 1);
  });

  it('lets one-time buyers fade: P(alive | x = 0) at 1 … 104 weeks', () => {
    const table = [0.95, 0.823, 0.577, 0.394, 0.295, 0.233, 0.162, 0.123];
    [1, 4, 13, 26, 38.86, 52, 78, 104].forEach((T, i) => {
      expect(paretoNbdPAlive(published, 0, 0, T)).toBeCloseTo(table[i] as number, 3);
    });
  });
});

describe('Gamma-Gamma', () => {
  it('fits p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers (LL −4055.92)', () => {
    const spend = summary.map((c) => ({ x: c.x, meanValue: c.meanValue }));
    const fit = fitGammaGamma(spend);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 1);
    expect(Math.abs(fit.logLikelihood - -4055.9177)).toBeLessThan(1e-3);
    expect(gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, spend)).toBeCloseTo(-4055.92, 1);
  });

  it('reproduces the expected order values of the first ten customers', () => {
    const fit = fitGammaGamma(summary.map((c) => ({ x: c.x, meanValue: c.meanValue })));
    const published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    summary.slice(0, 10).forEach((c, i) => {
      expect(
        Math.abs(gammaGammaExpectedValue(fit.params, c.x, c.meanValue, 0) - (published[i] as number)),
      ).toBeLessThan(0.06);
    });
  });
});
