/**
 * `reactivate score` on two threads writes exactly what one thread writes: the worker's share,
 * scored from the histories' parts it is given, follows the main thread's lines byte for byte.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBtydOrders } from '../../../bench/generate-btyd.js';
import type { FitOptions } from '../../../functions/domain/scoring/beta-geometric.js';
import {
  fitPopulationParts,
  type ObservationColumns,
  observationColumns,
} from '../../../functions/domain/scoring/scoring-model.js';
import { ScoreWorker } from '../../../lib/cli/parallel-score.js';
import { lineBlocks, scoredRows } from '../../../lib/cli/score-rows.js';
import { scoreCommand } from '../../../lib/cli/scoring-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'reactivate-parallel-score-'));
const out = { json: true, interactive: false };
const workers: ScoreWorker[] = [];

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe('ScoreWorker', () => {
  it('fits the spend model and the RFM cut points this thread fits, warnings included, then scores a share', async () => {
    // Prepare: 3,000 customers' observation columns; 20 customers with 5 repeat buyers (too few
    // for a spend fit: a warning); one worker for every request, as the CLI uses it
    const file = join(dir, 'orders-population.csv');
    await generateBtydOrders(file, { customers: 3_000, seed: 5 });
    const run = await scoreCommand({ orders: file, model: 'bgnbd' }, out);
    const columns = observationColumns(run.histories.recencies(run.rowOptions.asOfDay));
    const few = {
      length: 20,
      x: Int32Array.from({ length: 20 }, (_, i) => (i < 5 ? 2 : 0)),
      txDays: Int32Array.from({ length: 20 }, (_, i) => (i < 5 ? 40 : 0)),
      TDays: new Int32Array(20).fill(90),
      spend: new Float64Array(20).fill(30),
      meanRepeatValue: Float64Array.from({ length: 20 }, (_, i) => (i < 5 ? 10 : 0)),
    };
    const worker = ScoreWorker.start(Number.POSITIVE_INFINITY);
    if (!worker) throw new Error('this machine has one core: the worker cannot be tested here');
    workers.push(worker);

    // Act: with a penalizer, so the options reach the worker too
    const options = { penalizer: 0.1 };
    const theirs = await worker.fitPopulationParts(columns, options);
    const fewParts = await worker.fitPopulationParts(few, {});
    const lines = await worker.score({
      parts: run.histories.parts,
      model: run.model,
      options: run.rowOptions,
      from: 0,
      to: 10,
      json: false,
    });

    // Assess
    expect(theirs).toEqual(fitPopulationParts(columns, options));
    expect(theirs.spend.params).not.toBeNull();
    expect(theirs).not.toEqual(fitPopulationParts(columns, {}));
    expect(fewParts).toEqual(fitPopulationParts(few, {}));
    expect(fewParts.warnings).toEqual([expect.stringMatching(/fewer than 10 repeat buyers/)]);
    expect(Buffer.concat(lines).toString().split('\n')).toHaveLength(11);
  });

  it('refuses a request once it has stopped, without waiting', async () => {
    const worker = ScoreWorker.start(Number.POSITIVE_INFINITY);
    if (!worker) throw new Error('this machine has one core: the worker cannot be tested here');
    await worker.stop();
    await expect(worker.fitPopulationParts(observationColumnsOfNone(), {})).rejects.toThrow(/stopped/);
  });

  for (const json of [false, true])
    it(`gives the second half's ${json ? 'JSON' : 'CSV'} lines one thread gives, categories and discounted CLV included`, async () => {
      // Prepare: 3,000 customers with categories; a worker started as the CLI starts it
      const file = join(dir, `orders-${json}.csv`);
      await generateBtydOrders(file, { customers: 3_000, categories: true, seed: 7 });
      const run = await scoreCommand({ orders: file, model: 'bgnbd', clvMonths: 6 }, out);
      const worker = ScoreWorker.start(Number.POSITIVE_INFINITY);
      if (!worker) throw new Error('this machine has one core: the worker cannot be tested here');
      workers.push(worker);
      const customers = run.histories.customers;
      const split = Math.ceil(customers / 2);

      // Act
      const rest = await worker.score({
        parts: run.histories.parts,
        model: run.model,
        options: run.rowOptions,
        from: split,
        to: customers,
        json,
      });
      const mine = [...lineBlocks(scoredRows(run.histories, run.model, run.rowOptions, 0, split), json)];
      const oneThread = Buffer.concat([...lineBlocks(run.rows, json)]).toString();

      // Assess: the same text, and the worker did score its half
      expect(Buffer.concat([...mine, ...rest]).toString()).toBe(oneThread);
      expect(Buffer.concat(rest).toString().split('\n').length - 1).toBe(customers - split);
      expect(oneThread).toContain(json ? '"discountedClv"' : '"C3000"');
    });
});

describe('scoreCommand', () => {
  it('takes the spend model and RFM cut points from a helper thread from its size on, the rest of the model unchanged', async () => {
    // Prepare: 2,000 customers; a helper that fits here and says so, from 0 customers, and one
    // that starts above this population
    const file = join(dir, 'orders-helper.csv');
    await generateBtydOrders(file, { customers: 2_000, seed: 9 });
    const calls: number[] = [];
    const helper = (minCustomers: number) => ({
      minCustomers,
      fitPopulationParts: async (columns: ObservationColumns, options: FitOptions) => {
        calls.push(columns.length);
        const parts = fitPopulationParts(columns, options);
        return { ...parts, warnings: [...parts.warnings, 'fitted by the helper'] };
      },
    });

    // Act
    const alone = await scoreCommand({ orders: file, model: 'bgnbd' }, out);
    const helped = await scoreCommand({ orders: file, model: 'bgnbd' }, out, helper(0));
    const tooSmall = await scoreCommand({ orders: file, model: 'bgnbd' }, out, helper(2_001));

    // Assess: the helper was asked once, its parts used; the model is the one fitted alone
    expect(calls).toEqual([2_000]);
    expect(helped.model.warnings).toEqual([...alone.model.warnings, 'fitted by the helper']);
    expect(helped.model.version).toBe(alone.model.version);
    expect({ ...helped.model, warnings: [] }).toEqual({ ...alone.model, warnings: [] });
    expect(tooSmall.model.warnings).toEqual(alone.model.warnings);
  });
});

/** Columns of no customer. */
function observationColumnsOfNone(): ObservationColumns {
  const none = new Int32Array(0);
  return {
    length: 0,
    x: none,
    txDays: none,
    TDays: none,
    spend: new Float64Array(0),
    meanRepeatValue: new Float64Array(0),
  };
}
