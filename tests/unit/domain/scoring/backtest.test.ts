import { describe, expect, it } from 'vitest';
import {
  auc,
  aucDifference,
  aucEstimate,
  type BacktestCustomer,
  runBacktest,
} from '../../../../functions/domain/scoring/backtest.js';
import { compress } from '../../../../functions/domain/scoring/fit-data.js';
import { fitTransactionModel, transactionModel } from '../../../../functions/domain/scoring/models.js';
import { backtestCommand } from '../../../../lib/cli/scoring-commands.js';
import { prng } from '../../../../lib/demo/random.js';
import { CDNOW_SAMPLE } from '../../../support/order-files.js';

const quiet = { json: true, interactive: false };

describe('auc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and counts ties half', () => {
    expect(auc([3, 4, 1, 2], [true, true, false, false])).toBe(1);
    expect(auc([1, 1, 1, 1], [true, false, true, false])).toBe(0.5);
    expect(auc([1, 2, 2], [false, true, false])).toBe(0.75);
  });
});

describe('aucEstimate (DeLong standard error)', () => {
  it('matches a hand computation on five customers', () => {
    // Placements: positives beat 2, 2 and 1.5 of 2 negatives; negatives lose to 2 and 3 of 3 positives.
    // S10 = 1/12, S01 = 1/18, variance = S10/3 + S01/2 = 1/18.
    const e = aucEstimate([0.9, 0.8, 0.4, 0.7, 0.3], [true, true, true, false, false]);
    expect(e.auc).toBeCloseTo(5 / 6, 12);
    expect(e.standardError).toBeCloseTo(Math.sqrt(1 / 18), 12);
    expect(e.interval95).toEqual([5 / 6 - 1.96 * e.standardError, 1]);
  });

  it('is certain of a perfect ranking and halves its error with four times the customers', () => {
    expect(aucEstimate([3, 4, 1, 2], [true, true, false, false])).toEqual({
      auc: 1,
      standardError: 0,
      interval95: [1, 1],
    });
    const scores = [5, 3, 4, 1, 2, 6, 2.5, 0.5];
    const labels = [true, false, true, false, true, true, false, false];
    const once = aucEstimate(scores, labels);
    const four = aucEstimate(
      Array.from({ length: 4 }, () => scores).flat(),
      Array.from({ length: 4 }, () => labels).flat(),
    );
    expect(four.auc).toBeCloseTo(once.auc, 12);
    // ½ as samples grow; the unbiased variances (n − 1) of four customers a class make it √(3/15) here.
    expect(four.standardError / once.standardError).toBeCloseTo(Math.sqrt(3 / 15), 12);
  });
});

describe('aucDifference (DeLong, paired)', () => {
  const random = prng(5);
  const labels = Array.from({ length: 2000 }, () => random() < 0.4);
  const signal = labels.map((l) => (l ? 0.6 : 0) + random());
  const close = signal.map((v) => v + 0.05 * random());
  const other = labels.map((l) => (l ? 0.3 : 0) + random());

  it('is the difference of the two AUCs, and exactly zero for the same ranking', () => {
    const d = aucDifference(signal, other, labels);
    expect(d.auc).toBeCloseTo(auc(signal, labels) - auc(other, labels), 12);
    expect(d.auc).toBeGreaterThan(0);
    expect(d.interval95[0]).toBeGreaterThan(0); // a real gap of this size shows on 2,000 customers
    expect(aucDifference(signal, signal, labels)).toEqual({ auc: 0, standardError: 0, interval95: [0, 0] });
  });

  it('knows two near-identical rankings differ little: far below the unpaired error', () => {
    const d = aucDifference(signal, close, labels);
    const unpaired = Math.hypot(
      aucEstimate(signal, labels).standardError,
      aucEstimate(close, labels).standardError,
    );
    expect(d.standardError).toBeLessThan(unpaired / 4);
  });
});

describe('a holdout that does not split the cohort', () => {
  const customers = (holdout: number[]): BacktestCustomer[] =>
    holdout.map((h, i) => ({
      x: i % 3,
      tx: 2 * (i % 3),
      T: 10,
      holdoutPurchases: h,
      firstPurchaseAt: 0,
      repeatTimes: [],
    }));
  const model = transactionModel(
    fitTransactionModel(
      'bgnbd',
      compress(
        customers([0, 0, 0, 0, 0, 0]).map((c) => ({ x: c.x, txDays: c.tx * 7, TDays: c.T * 7 })),
        7,
      ),
    ),
  );

  it('has no AUC and no forecast error when nobody bought in it, rather than NaN or Infinity', () => {
    const result = runBacktest(model, customers([0, 0, 0, 0, 0, 0]), 5, 10);
    expect(result.auc).toBeNull();
    expect(result.holdout).toMatchObject({ actual: 0, error: null });
    expect(result.holdout.expected).toBeGreaterThan(0);
  });

  it('has no AUC when everybody bought in it, and still an error', () => {
    const result = runBacktest(model, customers([1, 2, 1, 1, 3, 1]), 5, 10);
    expect(result.auc).toBeNull();
    expect(Number.isFinite(result.holdout.error)).toBe(true);
  });
});

describe('the CDNOW backtest (calibration to 1997-09-30, holdout to 1998-06-30)', async () => {
  const report = await backtestCommand(
    {
      orders: CDNOW_SAMPLE,
      format: 'cdnow',
      calibrationEnd: '1997-09-30',
      holdoutEnd: '1998-06-30',
      model: 'bgnbd',
    },
    quiet,
  );

  it('counts 1,882 actual holdout purchase days and BG/NBD expects about 1,653 of them', () => {
    expect(report.holdout.actual).toBe(1882);
    expect(report.holdout.expected).toBeCloseTo(1653.4, 0);
    expect(report.auc?.recency).toBeCloseTo(0.771, 3);
    expect(report.auc?.model).toBeCloseTo(0.773, 3);
  });

  it('tracks cumulative repeat purchases as the BTYD walkthrough does for weeks 20–25', () => {
    const weeks = report.tracking.filter((p) => p.time >= 20 && p.time <= 25);
    expect(weeks.map((p) => p.actual)).toEqual([1359, 1414, 1484, 1517, 1573, 1672]);
    const bgnbd = [1314.4, 1389.4, 1462.6, 1534.0, 1603.8, 1672.1];
    // The reference used the rounded published parameters; the fitted ones differ in the 4th digit.
    weeks.forEach((p, i) => {
      expect(Math.abs(p.expected - (bgnbd[i] as number))).toBeLessThan(3);
    });
  });

  it('reports the holdout by calibration frequency', () => {
    expect(report.byFrequency[0]).toMatchObject({ frequency: '0', customers: 1411 });
    expect(report.byFrequency.at(-1)).toMatchObject({ frequency: '7+', customers: 64 });
  });
});
