/**
 * `reactivate score` on two threads writes exactly what one thread writes: the worker's share,
 * scored from the histories' parts it is given, follows the main thread's lines byte for byte.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBtydOrders } from '../../../bench/generate-btyd.js';
import { fitPopulationParts, observationColumns } from '../../../functions/domain/scoring/scoring-model.js';
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
  it('fits the spend model and the RFM cut points this thread fits, warnings included', async () => {
    // Prepare: 3,000 customers' observation columns; a worker
    const file = join(dir, 'orders-population.csv');
    await generateBtydOrders(file, { customers: 3_000, seed: 5 });
    const run = await scoreCommand({ orders: file, model: 'bgnbd' }, out);
    const columns = observationColumns(run.histories.recencies(run.rowOptions.asOfDay));
    const worker = ScoreWorker.start(Number.POSITIVE_INFINITY);
    if (!worker) throw new Error('this machine has one core: the worker cannot be tested here');
    workers.push(worker);

    // Act: with a penalizer, so the options reach the worker too
    const options = { penalizer: 0.1 };
    const theirs = await worker.fitPopulationParts(columns, options);

    // Assess
    expect(theirs).toEqual(fitPopulationParts(columns, options));
    expect(theirs.spend.params).not.toBeNull();
    expect(theirs).not.toEqual(fitPopulationParts(columns, {}));
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
