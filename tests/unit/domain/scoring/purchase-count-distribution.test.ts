import { describe, expect, it } from 'vitest';
import { betaGeometricExpected } from '../../../../functions/domain/scoring/beta-geometric.js';
import { paretoNbdExpected } from '../../../../functions/domain/scoring/pareto-nbd.js';
import { purchaseCountProbabilities } from '../../../../functions/domain/scoring/purchase-count-distribution.js';

/** The published CDNOW parameters (weeks): FHL 2005, and my MBG/NBD fit (scoring-models.md §3.5). */
const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const MBGNBD = { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
/** Pareto/NBD with α > β, so the other side of the ₂F₁ expressions is exercised too. */
const PARETO_ALPHA_ABOVE = { r: 0.8, alpha: 14, s: 1.7, beta: 6 };

const MODELS = [
  ['bgnbd', BGNBD],
  ['mbgnbd', MBGNBD],
  ['pareto', PARETO],
  ['pareto', PARETO_ALPHA_ABOVE],
] as const;

const expectedNew = (model: (typeof MODELS)[number][0], params: object, t: number) =>
  model === 'pareto'
    ? paretoNbdExpected(params as typeof PARETO, t, 0, 0, 0)
    : betaGeometricExpected(model, params as typeof BGNBD, t, 0, 0, 0);

describe('purchaseCountProbabilities', () => {
  it("matches lifetimes' BG/NBD values at the published CDNOW parameters (same as R BTYD)", () => {
    expect(purchaseCountProbabilities('bgnbd', BGNBD, 2, 10)[10]).toBeCloseTo(1.07869e-7, 11);
    expect(purchaseCountProbabilities('bgnbd', BGNBD, 39, 0)[0]).toBeCloseTo(0.5737864, 7);
    const published = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    const at30 = purchaseCountProbabilities('bgnbd', BGNBD, 30, 20);
    published.forEach((value, i) => {
      expect(at30[11 + i], `n = ${11 + i}`).toBeCloseTo(value, 10);
    });
  });

  it.each(MODELS)('%s: sums to 1 over n = 0 … 400 and has the mean of E[X(t)] (%o)', (model, params) => {
    for (const t of [1, 39, 78]) {
      // Act
      const probabilities = purchaseCountProbabilities(model, params, t, 400);

      // Assess
      const total = probabilities.reduce((s, v) => s + v, 0);
      expect(Math.abs(total - 1), `t = ${t}`).toBeLessThan(1e-6);
      const mean = probabilities.reduce((s, v, n) => s + n * v, 0);
      expect(mean / expectedNew(model, params, t), `t = ${t}`).toBeCloseTo(1, 4);
      expect(probabilities.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it.each(MODELS)('%s: at t → 0 nobody has bought again (%o)', (model, params) => {
    expect(purchaseCountProbabilities(model, params, 0, 3)).toEqual([1, 0, 0, 0]);
    expect(purchaseCountProbabilities(model, params, 1e-9, 3)[0]).toBeCloseTo(1, 8);
  });

  it('Pareto/NBD: P(0) falls with t towards the share who drop out before buying again', () => {
    const p0 = [1, 10, 100, 1000].map((t) => purchaseCountProbabilities('pareto', PARETO, t, 0)[0] as number);
    for (let i = 1; i < p0.length; i++) expect(p0[i]).toBeLessThan(p0[i - 1] as number);
    expect(p0[3]).toBeGreaterThan(0.3);
  });
});
