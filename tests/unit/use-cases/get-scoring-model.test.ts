/**
 * The current model as the console's model page reads it: the stored model without its RFM cuts,
 * the publication's figures, and the P(alive) matrix its parameters give — absent for a model
 * with no backtest — and a clear not-found before the first scoring run.
 */
import { describe, expect, it } from 'vitest';
import { modelAliveMatrix } from '../../../functions/domain/scoring/model-alive-matrix.js';
import type { CurrentModel, StoredModel } from '../../../functions/ports/scoring-store.js';
import { getScoringModel } from '../../../functions/use-cases/get-scoring-model.js';
import { InMemoryModels } from '../../fakes/in-memory-scoring.js';

const backtest: NonNullable<StoredModel['backtest']> = {
  calibrationEnd: '1997-12-30',
  holdoutEnd: '1998-06-30',
  unitDays: 7,
  firstDay: '1997-01-01',
  customers: 2357,
  auc: null,
  holdout: { actual: 565, expected: 548.3, error: -0.03 },
  byFrequency: [{ frequency: '0', customers: 1411, actualMean: 0.11, expectedMean: 0.12 }],
  tracking: [{ time: 0, actual: 0, expected: 0 }],
};

const model: StoredModel = {
  version: '3f9a0c1b2d4e',
  asOf: '1998-06-30',
  unitDays: 7,
  transaction: {
    model: 'bgnbd',
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    logLikelihood: -9582.43,
    customers: 2357,
    converged: true,
  },
  spend: { params: null, logLikelihood: null, sampleMean: 35.2, customers: 946 },
  rfm: { recencyDays: [30, 90], frequency: [1, 3], monetary: [20, 60] },
  warnings: [],
  fittedAt: '2026-03-02T02:00:11.000Z',
  customers: 2357,
  backtest,
};

const current: CurrentModel = {
  version: model.version,
  asOf: model.asOf,
  churnThreshold: 0.5,
  publishedAt: '2026-03-02T02:03:40.000Z',
  scored: 2357,
  unchanged: 0,
  skipped: 0,
};

async function storeWith(stored: StoredModel) {
  const models = new InMemoryModels([stored]);
  await models.publish(current);
  return models;
}

describe('getScoringModel', () => {
  it('answers the current model with its backtest as kept and the P(alive) matrix of its parameters', async () => {
    // Prepare
    const models = await storeWith(model);

    // Act
    const view = await getScoringModel({ models });

    // Assess
    expect(view).toMatchObject({ version: model.version, churnThreshold: 0.5, scored: 2357, backtest });
    expect(view).not.toHaveProperty('rfm');
    expect(view.aliveMatrix).toEqual(modelAliveMatrix(model));
    expect(view.aliveMatrix?.T).toBeCloseTo(545 / 7, 9);
    expect(view.aliveMatrix?.pAlive.flat().every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('answers no matrix for a model stored without a backtest', async () => {
    // Prepare
    const { backtest: _none, ...withoutBacktest } = model;
    const models = await storeWith({ ...withoutBacktest, backtestSkipped: 'the history is 40 days long' });

    // Act
    const view = await getScoringModel({ models });

    // Assess
    expect(view).not.toHaveProperty('aliveMatrix');
    expect(view.backtestSkipped).toBe('the history is 40 days long');
  });

  it('says there is no model yet before the first scoring run', async () => {
    await expect(getScoringModel({ models: new InMemoryModels() })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
