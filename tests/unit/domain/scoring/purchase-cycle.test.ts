import { describe, expect, it } from 'vitest';
import {
  churnMomentFor,
  createInputScorer,
  createScorer,
} from '../../../../functions/domain/scoring/customer-scores.js';
import {
  cycleChurnDelay,
  cyclePAlive,
  purchaseCycleOf,
  studentTSurvival,
} from '../../../../functions/domain/scoring/purchase-cycle.js';
import { fitScoringModel } from '../../../../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../../../../functions/domain/timestamps.js';
import { historiesOf, SMALL_SHOP_AS_OF, smallShop } from '../../../support/small-shop.js';

const AS_OF = epochDay(SMALL_SHOP_AS_OF);
const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY;

/** Purchase days every `gap` days, `count` of them, ending on `last`. */
const every = (gap: number, count: number, last = AS_OF - 150) =>
  Array.from({ length: count }, (_, i) => last - (count - 1 - i) * gap);

describe('purchaseCycleOf', () => {
  it('finds no cycle with fewer than six purchase days or an erratic rhythm', () => {
    expect(purchaseCycleOf(every(30, 5))).toBeUndefined();
    expect(purchaseCycleOf([0, 2, 60, 61, 200, 203])).toBeUndefined();
  });

  it('gives the usual gap and the spread of the log gaps of a regular buyer', () => {
    const cycle = purchaseCycleOf([0, 30, 60, 90, 120, 150, 180]);
    expect(cycle).toEqual({ gaps: 6, usualGapDays: expect.closeTo(30, 9), logGapSd: 0 });
  });
});

describe('cycleChurnDelay', () => {
  const cycle = { gaps: 8, usualGapDays: 30, logGapSd: 0.12 };

  it('calls a monthly buyer lapsing a little over a month after their last order at θ = 0.5', () => {
    const delay = cycleChurnDelay(cycle, 0.5);
    expect(delay).toBeGreaterThan(30);
    expect(delay).toBeLessThan(45);
  });

  it('waits longer for a lower θ, and longer for a less steady rhythm', () => {
    expect(cycleChurnDelay(cycle, 0.1)).toBeGreaterThan(cycleChurnDelay(cycle, 0.5));
    expect(cycleChurnDelay({ ...cycle, logGapSd: 0.4 }, 0.5)).toBeGreaterThan(cycleChurnDelay(cycle, 0.5));
  });

  it('is the first day on which the P(alive) curve is at most θ', () => {
    const delay = cycleChurnDelay(cycle, 0.5);
    expect(cyclePAlive(cycle, delay)).toBeLessThanOrEqual(0.5);
    expect(cyclePAlive(cycle, delay - 1)).toBeGreaterThan(0.5);
  });

  it('is 0 when even right after the last order P(alive) is at most θ', () => {
    // π = 1/10 for 8 gaps: P(alive) is 0.9 right after the last order.
    expect(cycleChurnDelay(cycle, 0.95)).toBe(0);
  });
});

describe('studentTSurvival', () => {
  it('matches the published Student t quantiles, odd and even degrees of freedom', () => {
    // R: qt(c(0.975, 0.95, 0.99, 0.9, 0.975, 0.9), c(4, 4, 5, 10, 1, 2))
    for (const [t, nu, tail] of [
      [2.776445, 4, 0.025],
      [2.131847, 4, 0.05],
      [3.36493, 5, 0.01],
      [1.372184, 10, 0.1],
      [12.7062, 1, 0.025],
      [1.885618, 2, 0.1],
    ] as const) {
      expect(studentTSurvival(t, nu)).toBeCloseTo(tail, 6);
      expect(studentTSurvival(-t, nu)).toBeCloseTo(1 - tail, 6);
    }
  });
});

describe('churn moments of regular buyers (issue 22)', () => {
  it.each([10, 50, 200])(
    'gives a monthly buyer who stopped a churn moment within 3 usual gaps of the last order, in a shop of %i',
    (customers) => {
      // Prepare: monthly buyers (8–12 orders, gaps 30 days ± 20 %), a third of whom stopped 3–8 months ago.
      const shop = smallShop({ customers, seed: customers, stoppedShare: 0.34 });
      const model = fitScoringModel(historiesOf(shop), AS_OF);
      const score = createScorer(model, AS_OF, { scoredAt: '2024-07-01T00:00:00Z' });

      // Act
      const scored = shop.map((c) => ({ customer: c, scores: score(historiesOf([c])[0] as never) }));

      // Assess
      const stopped = scored.filter((s) => s.customer.stopped);
      expect(stopped.length).toBeGreaterThan(0);
      for (const { customer, scores } of stopped) {
        const last = scores?.inputs.lastPurchaseOn as string;
        const churn = scores?.churnMomentOn as string;
        expect(scores?.churnMomentMethod).toBe('purchase-cycle');
        expect(daysBetween(last, churn)).toBeGreaterThan(0);
        expect(daysBetween(last, churn)).toBeLessThanOrEqual(3 * customer.usualGap);
        // The churn moment has passed: they are called lapsing, not years from now.
        expect(churn < SMALL_SHOP_AS_OF).toBe(true);
        expect(scores?.pAlive).toBeLessThan(0.5);
      }
    },
  );

  it('recomputes the same churn moment from the stored inputs, and another θ from the cycle', () => {
    // Prepare
    const shop = smallShop({ customers: 10 });
    const model = fitScoringModel(historiesOf(shop), AS_OF);
    const scores = createScorer(model, AS_OF)(historiesOf(shop)[0] as never);
    if (!scores?.inputs.purchaseCycle) throw new Error('expected a regular buyer');

    // Act
    const same = churnMomentFor(model, scores.inputs, 0.5);
    const lower = churnMomentFor(model, scores.inputs, 0.1);
    const campaign = createInputScorer(model, 0.1)(scores.inputs);

    // Assess
    expect(same).toBe(scores.churnMomentOn);
    expect(daysBetween(scores.inputs.lastPurchaseOn, lower as string)).toBe(
      cycleChurnDelay(scores.inputs.purchaseCycle, 0.1),
    );
    expect(campaign.churnMomentOn).toBe(lower);
  });

  it("keeps the model's churn moment for a customer without a regular rhythm", () => {
    const shop = smallShop({ customers: 10 });
    const model = fitScoringModel(historiesOf(shop), AS_OF);
    const scores = createScorer(
      model,
      AS_OF,
    )({
      purchaseDays: [AS_OF - 300, AS_OF - 298, AS_OF - 200, AS_OF - 30],
      spend: 100,
      firstDaySpend: 25,
    });
    expect(scores?.churnMomentMethod).toBe('model');
    expect(scores?.inputs).not.toHaveProperty('purchaseCycle');
  });
});
