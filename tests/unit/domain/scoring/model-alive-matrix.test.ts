/**
 * A stored model's P(alive) matrix: the cells its transaction parameters give for a customer
 * observed from the backtest's first day to the as-of day, in model units; none without a
 * backtest to date that first day, nor when the parameters give no number.
 */
import { describe, expect, it } from 'vitest';
import {
  ALIVE_MATRIX_COLUMNS,
  ALIVE_MATRIX_MAX_FREQUENCY,
  modelAliveMatrix,
} from '../../../../functions/domain/scoring/model-alive-matrix.js';
import {
  type FittedTransactionModel,
  transactionModel,
} from '../../../../functions/domain/scoring/models.js';

/** CDNOW's Pareto/NBD in weeks (Fader, Hardie & Lee 2005). */
const pareto: FittedTransactionModel = {
  model: 'pareto',
  params: { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 },
  logLikelihood: -9594.98,
  customers: 2357,
  converged: true,
};
const stored = {
  asOf: '1998-06-30',
  unitDays: 7,
  transaction: pareto,
  backtest: { firstDay: '1997-01-01' },
};

describe('modelAliveMatrix', () => {
  it("gives the model's P(alive) for each frequency and recency over the span from the first day to the as-of day", () => {
    const matrix = modelAliveMatrix(stored);
    if (!matrix) throw new Error('no matrix');
    // 1997-01-01 … 1998-06-30: 545 days, 77.86 weeks.
    expect(matrix.T).toBeCloseTo(545 / 7, 9);
    expect(matrix.frequencies).toEqual(Array.from({ length: ALIVE_MATRIX_MAX_FREQUENCY + 1 }, (_, x) => x));
    expect(matrix.recencies).toHaveLength(ALIVE_MATRIX_COLUMNS);
    expect(matrix.recencies[0]).toBe(0);
    expect(matrix.recencies.at(-1)).toBeCloseTo(matrix.T, 9);
    const model = transactionModel(pareto);
    expect(matrix.pAlive[3]?.[5]).toBeCloseTo(model.pAlive(3, matrix.recencies[5] as number, matrix.T), 12);
    // A frequent buyer who stopped early is gone; the same buyer still buying lately is alive.
    expect(matrix.pAlive[10]?.[1]).toBeLessThan(0.05);
    expect(matrix.pAlive[10]?.at(-1)).toBeGreaterThan(0.9);
  });

  it('reads the time in the model unit: days for a daily model', () => {
    const daily = modelAliveMatrix({ ...stored, unitDays: 1 });
    expect(daily?.T).toBe(545);
  });

  it('gives none for a model without a backtest, which keeps no first day', () => {
    const { backtest: _none, ...withoutBacktest } = stored;
    expect(modelAliveMatrix(withoutBacktest)).toBeUndefined();
  });

  it('gives none, rather than failing, when the parameters give no number', () => {
    const refused = { ...pareto, params: { ...pareto.params, alpha: Number.NaN } };
    expect(modelAliveMatrix({ ...stored, transaction: refused })).toBeUndefined();
    const bgnbd: FittedTransactionModel = {
      ...pareto,
      model: 'bgnbd',
      params: { r: 0.24, alpha: 4.41, a: Number.NaN, b: 2.43 },
    };
    expect(modelAliveMatrix({ ...stored, transaction: bgnbd })).toBeUndefined();
  });
});
