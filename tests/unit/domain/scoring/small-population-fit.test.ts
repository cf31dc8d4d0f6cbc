import { beforeAll, describe, expect, it } from 'vitest';
import { auc } from '../../../../functions/domain/scoring/backtest.js';
import { createScorer } from '../../../../functions/domain/scoring/customer-scores.js';
import { compress } from '../../../../functions/domain/scoring/fit-data.js';
import {
  type FittedTransactionModel,
  fitTransactionModel,
  TRANSACTION_MODELS,
  transactionModel,
} from '../../../../functions/domain/scoring/models.js';
import type { ParetoNbdParameters } from '../../../../functions/domain/scoring/pareto-nbd.js';
import { fitScoringModel, type PurchaseHistory } from '../../../../functions/domain/scoring/scoring-model.js';
import {
  CDNOW_PARAMETERS,
  fitForPopulation,
  modelFitOf,
  priorFor,
  SMALL_POPULATION,
} from '../../../../functions/domain/scoring/small-population-fit.js';
import { epochDay } from '../../../../functions/domain/timestamps.js';
import { prng } from '../../../../lib/demo/random.js';
import { CDNOW_MASTER, calibrationSummary, readCdnow } from '../../../support/order-files.js';
import { historiesOf, SMALL_SHOP_AS_OF, smallShop } from '../../../support/small-shop.js';

const AS_OF = epochDay(SMALL_SHOP_AS_OF);

describe('fitForPopulation', () => {
  it(`shrinks the fit of fewer than ${SMALL_POPULATION} customers towards the prior, and says so`, () => {
    // Prepare: ten monthly buyers, a third of whom stopped months ago.
    const histories = historiesOf(smallShop({ customers: 10 }));

    // Act
    const model = fitScoringModel(histories, AS_OF);

    // Assess
    expect(modelFitOf(model)).toBe('shrunk-to-prior');
    expect(model.transaction.converged).toBe(true);
    expect(model.warnings.join('\n')).toMatch(/10 customers are too few to fit pareto alone/);
    expect(model.warnings.join('\n')).not.toMatch(/pareto fit did not fully converge/);
    for (const value of Object.values(model.transaction.params)) expect(Number.isFinite(value)).toBe(true);
  });

  it('lets a monthly buyer who stopped five months ago lapse, where maximum likelihood kept them alive', () => {
    // Prepare
    const shop = smallShop({ customers: 10 });
    const gone = historiesOf(shop).find((_, i) => shop[i]?.stopped) as PurchaseHistory;
    // Model P(alive) alone: two gaps, so no purchase cycle speaks for the customer.
    const irregular: PurchaseHistory = { ...gone, purchaseDays: gone.purchaseDays.slice(-3) };
    const data = compress(
      historiesOf(shop).map((h) => {
        const days = h.purchaseDays;
        return {
          x: days.length - 1,
          txDays: (days.at(-1) as number) - (days[0] as number),
          TDays: AS_OF - (days[0] as number),
        };
      }),
      7,
    );
    const pAliveWith = (fitted: FittedTransactionModel) => {
      const days = irregular.purchaseDays;
      return transactionModel(fitted).pAlive(
        2,
        ((days.at(-1) as number) - (days[0] as number)) / 7,
        (AS_OF - (days[0] as number)) / 7,
      );
    };

    // Act
    const shrunk = fitForPopulation('pareto', data);
    const maximumLikelihood = fitTransactionModel('pareto', data);

    // Assess
    expect(pAliveWith(maximumLikelihood)).toBeGreaterThan(0.99);
    expect(pAliveWith(shrunk)).toBeLessThan(0.5);
  });

  it('fits by maximum likelihood alone from the threshold on', () => {
    const data = compress(
      [
        { x: 3, txDays: 90, TDays: 200 },
        { x: 0, txDays: 0, TDays: 100 },
      ],
      7,
    );
    const fitted = fitForPopulation('pareto', data, { smallPopulation: 2 });
    expect(modelFitOf({ transaction: fitted })).toBe('maximum-likelihood');
    expect(fitted).not.toHaveProperty('prior');
  });

  it("centres the prior on CDNOW's parameters in the shop's clock and time unit", () => {
    // Prepare: monthly buyers buy several times as often as CDNOW's customers.
    const data = compress([{ x: 10, txDays: 300, TDays: 310 }], 1);

    // Act
    const inDays = priorFor('pareto', data, { unitDays: 1 });
    const onCdnowsClock = priorFor('pareto', data, { unitDays: 1, fixedClock: true });

    // Assess
    expect(onCdnowsClock.center.alpha).toBeCloseTo((CDNOW_PARAMETERS.pareto.alpha as number) * 7, 9);
    expect(inDays.clockFactor).toBeGreaterThan(5);
    expect(inDays.center.alpha).toBeCloseTo((onCdnowsClock.center.alpha as number) / inDays.clockFactor, 9);
    expect(inDays.center.r).toBe(CDNOW_PARAMETERS.pareto.r);
  });
});

describe('scores of degenerate populations', () => {
  const everyNumberFinite = (value: unknown): boolean =>
    typeof value === 'number'
      ? Number.isFinite(value)
      : typeof value === 'object' && value !== null
        ? Object.values(value).every(everyNumberFinite)
        : true;

  it.each(TRANSACTION_MODELS)('%s: a one-customer shop gets finite scores', (model) => {
    const histories = historiesOf(smallShop({ customers: 1 }));
    const fitted = fitScoringModel(histories, AS_OF, { model });
    const scores = createScorer(fitted, AS_OF)(histories[0] as PurchaseHistory);
    expect(everyNumberFinite(scores)).toBe(true);
    expect(everyNumberFinite(fitted.transaction.params)).toBe(true);
  });

  it.each(TRANSACTION_MODELS)('%s: a shop where nobody bought twice gets finite scores', (model) => {
    const histories = Array.from({ length: 12 }, (_, i) => ({
      purchaseDays: [AS_OF - 20 * i - 1],
      spend: 30,
      firstDaySpend: 30,
    }));
    const fitted = fitScoringModel(histories, AS_OF, { model });
    const score = createScorer(fitted, AS_OF);
    for (const history of histories) {
      const scores = score(history);
      expect(everyNumberFinite(scores)).toBe(true);
      expect(scores?.churnMomentOn === null || /^\d{4}-\d{2}-\d{2}$/.test(scores?.churnMomentOn ?? '')).toBe(
        true,
      );
    }
    expect(fitted.warnings.join('\n')).toMatch(/no customer bought on a second day/);
  });
});

describe('small CDNOW subsets fitted alone', () => {
  let rows: Awaited<ReturnType<typeof calibrationSummary>>;
  let full: ReturnType<typeof transactionModel>;
  beforeAll(async () => {
    rows = calibrationSummary(await readCdnow(CDNOW_MASTER));
    full = transactionModel(fitTransactionModel('pareto', compress(rows, 7)));
  });

  it('always produce scores, and rank about as well as the full data fit', () => {
    // Prepare: 20 random subsets of 200 customers (the bench runs 200: npm run bench:small-shops).
    const random = prng(7);
    const gaps: number[] = [];
    for (let k = 0; k < 20; k++) {
      const subset = Array.from(
        { length: 200 },
        () => rows[Math.floor(random() * rows.length)] as (typeof rows)[number],
      );

      // Act
      const fitted = fitForPopulation('pareto', compress(subset, 7));
      const model = transactionModel(fitted);

      // Assess
      expect(fitted.prior).toBeDefined();
      for (const value of Object.values(fitted.params as ParetoNbdParameters))
        expect(Number.isFinite(value)).toBe(true);
      const expected = subset.map((c) => model.expected(39, c.x, c.tx, c.T));
      expect(expected.every(Number.isFinite)).toBe(true);
      expect(subset.every((c) => Number.isFinite(model.pAlive(c.x, c.tx, c.T)))).toBe(true);
      const quiet = subset.map((c) => c.holdout === 0);
      gaps.push(
        auc(
          expected.map((v) => -v),
          quiet,
        ) -
          auc(
            subset.map((c) => -full.expected(39, c.x, c.tx, c.T)),
            quiet,
          ),
      );
    }
    expect(Math.abs(gaps.reduce((s, g) => s + g, 0) / gaps.length)).toBeLessThan(0.005);
    expect(Math.min(...gaps)).toBeGreaterThan(-0.03);
  });
});
