/** The P(alive) curve the customer page draws crosses the threshold on the customer's churn moment. */
import { beforeAll, describe, expect, it } from 'vitest';
import { aliveCurve } from '../../../../functions/domain/scoring/alive-curve.js';
import { type CustomerScores, createScorer } from '../../../../functions/domain/scoring/customer-scores.js';
import { TRANSACTION_MODELS } from '../../../../functions/domain/scoring/models.js';
import { fitScoringModel, type PurchaseHistory } from '../../../../functions/domain/scoring/scoring-model.js';
import { CALIBRATION_END, readCdnow } from '../../../support/order-files.js';

let cdnow: PurchaseHistory[];
beforeAll(async () => {
  cdnow = [...(await readCdnow()).at(CALIBRATION_END)].map((e) => e.history);
});

describe.each(TRANSACTION_MODELS)('%s P(alive) curve', (model) => {
  it('starts at the last purchase, never rises, and first falls below θ on the churn moment', () => {
    const fitted = fitScoringModel(cdnow, CALIBRATION_END, { model });
    const score = createScorer(fitted, CALIBRATION_END, { theta: 0.5 });
    let crossings = 0;
    for (const history of cdnow.filter((_, i) => i % 25 === 0)) {
      const s = score(history) as CustomerScores;
      const curve = aliveCurve(fitted.transaction, fitted.unitDays, s, 1);
      expect(curve[0]?.on).toBe(s.inputs.lastPurchaseOn);
      for (let i = 1; i < curve.length; i++)
        expect(curve[i]?.pAlive).toBeLessThanOrEqual((curve[i - 1]?.pAlive as number) + 1e-12);
      const below = curve.find((p) => p.pAlive < 0.5);
      if (s.churnMomentOn === null) continue;
      expect(below?.on).toBe(s.churnMomentOn);
      crossings++;
    }
    expect(crossings).toBeGreaterThan(20);
  });
});
