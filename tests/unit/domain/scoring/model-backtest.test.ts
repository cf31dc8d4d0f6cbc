/**
 * The backtest a scoring run keeps with its model gives what `reactivate backtest` gives for the
 * same split (calibration = the last third of the history held out), its calibration by frequency
 * included; samples large populations, and says why when the history is too short to hold
 * anything out.
 */
import { describe, expect, it } from 'vitest';
import { BACKTEST_SAMPLE, backtestModel } from '../../../../functions/domain/scoring/model-backtest.js';
import type { PurchaseHistory } from '../../../../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../../../../functions/domain/timestamps.js';
import { backtestCommand } from '../../../../lib/cli/scoring-commands.js';
import { CDNOW_SAMPLE, readCdnow } from '../../../support/order-files.js';

describe('backtestModel', async () => {
  const asOf = epochDay('1998-06-30');
  const histories: PurchaseHistory[] = [...(await readCdnow()).at(asOf)].map((e) => e.history);

  it('holds out the last third of the history and agrees with `reactivate backtest` on that split', async () => {
    const outcome = backtestModel(histories, asOf, { model: 'bgnbd', unitDays: 7 });
    if (!('backtest' in outcome)) throw new Error(outcome.skipped);
    const { backtest } = outcome;
    // 1997-01-01 … 1998-06-30 is 545 days: 182 held out.
    expect(backtest).toMatchObject({
      firstDay: '1997-01-01',
      calibrationEnd: '1997-12-30',
      holdoutEnd: '1998-06-30',
    });
    const cli = await backtestCommand(
      {
        orders: CDNOW_SAMPLE,
        format: 'cdnow',
        calibrationEnd: '1997-12-30',
        holdoutEnd: '1998-06-30',
        model: 'bgnbd',
      },
      { json: true, interactive: false },
    );
    expect(backtest.customers).toBe(cli.customers);
    expect(backtest.holdout.actual).toBe(cli.holdout.actual);
    expect(backtest.holdout.expected).toBeCloseTo(cli.holdout.expected, 6);
    expect(backtest.auc?.model).toBeCloseTo(cli.auc?.model as number, 9);
    expect(backtest.auc?.recency).toBeCloseTo(cli.auc?.recency as number, 9);
    expect(backtest.tracking.at(-1)).toEqual(cli.tracking.at(-1));
    // Calibration against the holdout, kept for the console's chart: the CLI's table, row for row.
    expect(backtest.byFrequency?.map((r) => [r.frequency, r.customers])).toEqual(
      cli.byFrequency.map((r) => [r.frequency, r.customers]),
    );
    backtest.byFrequency?.forEach((r, i) => {
      expect(r.actualMean).toBeCloseTo(cli.byFrequency[i]?.actualMean as number, 9);
      expect(r.expectedMean).toBeCloseTo(cli.byFrequency[i]?.expectedMean as number, 6);
    });
  });

  it('samples a population larger than its cap at an even stride, and says so', () => {
    const many = Array.from(
      { length: Math.ceil(BACKTEST_SAMPLE / histories.length) + 1 },
      () => histories,
    ).flat();
    const outcome = backtestModel(many, asOf, { model: 'bgnbd' });
    if (!('backtest' in outcome)) throw new Error(outcome.skipped);
    expect(outcome.backtest.sampledFrom).toBe(many.length);
    expect(outcome.backtest.customers).toBeLessThanOrEqual(BACKTEST_SAMPLE);
  });

  it('says why there is no backtest when the history is too short to hold a part out', () => {
    const day = epochDay('2026-01-01');
    const short = [{ purchaseDays: [day, day + 20], spend: 20, firstDaySpend: 10 }];
    expect(backtestModel(short, day + 40, {})).toEqual({
      skipped: 'the history is 40 days long: a backtest needs at least 84 (a third of it held out)',
    });
  });
});
