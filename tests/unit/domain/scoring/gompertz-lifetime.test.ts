import { describe, expect, it } from 'vitest';
import { compress } from '../../../../functions/domain/scoring/fit-data.js';
import {
  fitGompertzNbd,
  type GompertzNbdParameters,
  gompertzNbdCustomerLogLikelihood,
  gompertzNbdExpected,
  gompertzNbdPAlive,
} from '../../../../functions/domain/scoring/gompertz-lifetime.js';
import {
  fitParetoNbd,
  paretoNbdCustomerLogLikelihood,
  paretoNbdExpected,
  paretoNbdPAlive,
} from '../../../../functions/domain/scoring/pareto-nbd.js';
import { calibrationSummary, readCdnow } from '../../../support/order-files.js';

/** The reference's Pareto/NBD parameters for CDNOW (weeks). */
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const NESTED: GompertzNbdParameters = { ...PARETO, b: 0, gamma: 0 };
const CUSTOMERS = [
  { x: 0, tx: 0, T: 38.86 },
  { x: 1, tx: 1.5, T: 30 },
  { x: 2, tx: 30.43, T: 38.86 },
  { x: 7, tx: 35, T: 36 },
  { x: 26, tx: 35.14, T: 35.86 },
];

describe('the Gompertz-lifetime model at b = 0 is Pareto/NBD', () => {
  it.each(CUSTOMERS)('log-likelihood, P(alive) and expected purchases for x = $x, t_x = $tx, T = $T', (c) => {
    expect(gompertzNbdCustomerLogLikelihood(NESTED, c.x, c.tx, c.T)).toBeCloseTo(
      paretoNbdCustomerLogLikelihood(PARETO, c.x, c.tx, c.T),
      8,
    );
    expect(gompertzNbdPAlive(NESTED, c.x, c.tx, c.T)).toBeCloseTo(paretoNbdPAlive(PARETO, c.x, c.tx, c.T), 8);
    for (const t of [1, 39, 52, 260])
      expect(gompertzNbdExpected(NESTED, t, c.x, c.tx, c.T)).toBeCloseTo(
        paretoNbdExpected(PARETO, t, c.x, c.tx, c.T),
        7,
      );
  });
});

describe('the Gompertz slope and the covariate', () => {
  it('a hazard falling with age (b < 0) keeps a long-quiet customer alive more likely than Pareto/NBD', () => {
    const falling = { ...NESTED, b: -0.05 };
    expect(gompertzNbdPAlive(falling, 0, 0, 38)).toBeGreaterThan(gompertzNbdPAlive(NESTED, 0, 0, 38));
    expect(gompertzNbdExpected(falling, 39, 0, 0, 38)).toBeGreaterThan(
      gompertzNbdExpected(NESTED, 39, 0, 0, 38),
    );
  });

  it('P(alive) falls as time since the last purchase grows, whatever the slope', () => {
    for (const b of [-0.05, 0, 0.05]) {
      const p = { ...NESTED, b };
      const values = [5, 10, 20, 40, 80].map((T) => gompertzNbdPAlive(p, 3, 4, T));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1] as number);
    }
  });

  it('a positive covariate weight raises the expected purchases of a customer with a higher value', () => {
    const p = { ...NESTED, gamma: 0.4 };
    expect(gompertzNbdExpected(p, 39, 2, 20, 30, 1)).toBeGreaterThan(
      gompertzNbdExpected(p, 39, 2, 20, 30, 0),
    );
    expect(gompertzNbdExpected(p, 39, 2, 20, 30, 0)).toBeCloseTo(
      gompertzNbdExpected(NESTED, 39, 2, 20, 30),
      12,
    );
  });
});

describe('fitting on the CDNOW sample', () => {
  it('starts from the Pareto/NBD fit and never ends below its log-likelihood (the models are nested)', async () => {
    const data = compress(calibrationSummary(await readCdnow()), 7);
    const pareto = fitParetoNbd(data);
    const fit = fitGompertzNbd({ ...data, z: new Float64Array(data.x.length) }, pareto.params, {
      slope: true,
      covariate: false,
    });
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(pareto.logLikelihood - 1e-6);
    expect(fit.params.gamma).toBe(0);
    // CDNOW's drop-out hazard falls with age (docs/scoring.md).
    expect(fit.params.b).toBeLessThan(0);
  }, 60_000);
});
