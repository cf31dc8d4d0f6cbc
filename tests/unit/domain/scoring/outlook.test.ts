/**
 * The scorer's view of each transaction model in whole days (`TransactionModel.inDays`): the same
 * values as the model's own functions, and the churn moment on the first day P(alive) is at most θ.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  TRANSACTION_MODELS,
  type TransactionModel,
  transactionModel,
} from '../../../../functions/domain/scoring/models.js';
import { CHURN_HORIZON_DAYS } from '../../../../functions/domain/scoring/outlook.js';
import { fitScoringModel } from '../../../../functions/domain/scoring/scoring-model.js';
import { CALIBRATION_END, readCdnow } from '../../../support/order-files.js';

const WEEK = 7;
const models = new Map<string, TransactionModel>();

beforeAll(async () => {
  const cdnow = [...(await readCdnow()).at(CALIBRATION_END)].map((e) => e.history);
  for (const model of TRANSACTION_MODELS)
    models.set(model, transactionModel(fitScoringModel(cdnow, CALIBRATION_END, { model }).transaction));
});

/** Repeat purchases, days from first to last purchase, days from first purchase to as-of. */
const CUSTOMERS = [
  [0, 0, 0],
  [0, 0, 200],
  [1, 30, 90],
  [2, 150, 270],
  [5, 200, 210],
  [12, 260, 270],
  [40, 2_000, 9_000],
  [300, 80_000, 80_005],
] as const;

describe.each(TRANSACTION_MODELS)('%s in whole days', (name) => {
  it('gives the values of the model itself, asked twice or once', () => {
    const tm = models.get(name) as TransactionModel;
    const daily = tm.inDays(WEEK, { laterDays: 90, windowDays: [90, 365] });
    for (const pass of [1, 2]) {
      for (const [x, txDays, TDays] of CUSTOMERS) {
        const [tx, T] = [txDays / WEEK, TDays / WEEK];
        const got = daily.outlook(x, txDays, TDays);
        expect(got.pAlive, `pass ${pass}, (${x}, ${txDays}, ${TDays})`).toBe(tm.pAlive(x, tx, T));
        expect(got.pAliveLater).toBeCloseTo(tm.pAlive(x, tx, (TDays + 90) / WEEK), 12);
        expect(got.expected[0]).toBeCloseTo(tm.expected(90 / WEEK, x, tx, T), 12);
        expect(got.expected[1]).toBeCloseTo(tm.expected(365 / WEEK, x, tx, T), 12);
      }
    }
  });

  it('puts the churn moment on the first day P(alive) is at most θ, or says it never comes', () => {
    const tm = models.get(name) as TransactionModel;
    const daily = tm.inDays(WEEK);
    const pAliveAfter = (x: number, txDays: number, days: number) =>
      tm.pAlive(x, txDays / WEEK, (txDays + days) / WEEK);
    let found = 0;
    for (const theta of [0.2, 0.5, 0.8]) {
      for (const [x, txDays] of CUSTOMERS) {
        const days = daily.churnDelay(theta, x, txDays);
        if (days === null) {
          expect(pAliveAfter(x, txDays, CHURN_HORIZON_DAYS)).toBeGreaterThan(theta - 1e-9);
          continue;
        }
        found++;
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThanOrEqual(CHURN_HORIZON_DAYS);
        expect(pAliveAfter(x, txDays, days)).toBeLessThanOrEqual(theta + 1e-9);
        if (days > 0) expect(pAliveAfter(x, txDays, days - 1)).toBeGreaterThan(theta - 1e-9);
      }
    }
    expect(found).toBeGreaterThan(10);
  });
});
