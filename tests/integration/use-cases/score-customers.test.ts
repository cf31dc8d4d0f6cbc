import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomerPopulation } from '../../../functions/adapters/dynamodb-customer-population.js';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoModelStore } from '../../../functions/adapters/dynamodb-model-store.js';
import { DynamoOrderLedger } from '../../../functions/adapters/dynamodb-order-ledger.js';
import { DynamoScoreStore } from '../../../functions/adapters/dynamodb-score-store.js';
import { createScorer } from '../../../functions/domain/scoring/customer-scores.js';
import { backtestModel } from '../../../functions/domain/scoring/model-backtest.js';
import { fitScoringModel } from '../../../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../../../functions/domain/timestamps.js';
import { runImport } from '../../../functions/import/import-runner.js';
import { readLines } from '../../../functions/import/line-reader.js';
import { readCdnowRecords } from '../../../functions/import/record-readers.js';
import { getScoringModel } from '../../../functions/use-cases/get-scoring-model.js';
import { ingestSettings } from '../../../functions/use-cases/ingest-settings.js';
import {
  publishModel,
  type ScoringDeps,
  type ScoringSettings,
  scoreAllCustomers,
} from '../../../functions/use-cases/score-customers.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { CDNOW_SAMPLE, readCdnow } from '../../support/order-files.js';

const AS_OF = '1998-07-01';
const SETTINGS: ScoringSettings = {
  model: 'pareto',
  churnThreshold: 0.5,
  unitDays: 7,
  penalizer: 0,
  segments: 4,
};

describe('Use case: score every customer in the store (on dynalite)', () => {
  let fx: DynamoFixture;
  let tables: Awaited<ReturnType<DynamoFixture['freshTables']>>;
  let now = new Date(`${AS_OF}T06:00:00.000Z`);
  let deps: ScoringDeps;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    tables = await fx.freshTables();
    const settings = { ...ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: {} }) };
    await runImport(
      'orders',
      readCdnowRecords(readLines(createReadStream(CDNOW_SAMPLE))),
      {
        customers: new DynamoCustomerRepository(fx.db, tables.customers),
        ledger: new DynamoOrderLedger(fx.db, tables, { concurrency: 32 }),
        settings,
      },
      { createMissingCustomers: true },
    );
    // A profile without any purchase: nothing to score.
    await fx.putItem(tables.customers, { customerId: 'no-orders', createdAt: 'x', updatedAt: 'x' });
    deps = {
      population: new DynamoCustomerPopulation(fx.db, tables.customers),
      scores: new DynamoScoreStore(fx.db, tables.scores),
      models: new DynamoModelStore(fx.db, tables.models),
      clock: () => now,
    };
  }, 120_000);
  afterAll(() => fx.close());

  it('scores every customer with purchases exactly as the CLI scores the same orders, then names the model current', async () => {
    // Prepare
    const histories = await readCdnow(CDNOW_SAMPLE);
    const asOfDay = epochDay(AS_OF);
    const local = [...histories.at(asOfDay)];
    const model = fitScoringModel(
      local.map((e) => e.history),
      asOfDay,
      SETTINGS,
    );
    const scorer = createScorer(model, asOfDay, { theta: 0.5, scoredAt: now.toISOString() });

    // Act
    const run = await scoreAllCustomers(deps, SETTINGS);

    // Assess
    expect(run).toMatchObject({ version: model.version, asOf: AS_OF, customers: 2357, rerun: false });
    expect(run).toMatchObject({ scored: 2357, unchanged: 0, skipped: 0, published: true });
    for (const e of local.filter((_, i) => i % 200 === 0)) {
      const { customerId, statsRev, ...stored } = (await deps.scores.get(e.customerId)) ?? {};
      expect(customerId).toBe(e.customerId);
      expect(statsRev).toBeGreaterThan(0);
      expect(stored).toEqual(scorer(e.history));
    }
    expect(await deps.models.current()).toMatchObject({ version: model.version, asOf: AS_OF, scored: 2357 });
    expect((await deps.models.get(model.version))?.transaction.params).toEqual(model.transaction.params);
    // The model keeps its backtest (held out: the last third of the history), through DynamoDB.
    const check = backtestModel(
      local.map((e) => e.history),
      asOfDay,
      SETTINGS,
    );
    if (!('backtest' in check)) throw new Error(check.skipped);
    const view = await getScoringModel(deps);
    expect(view).toMatchObject({ version: model.version, churnThreshold: 0.5, scored: 2357 });
    // The same backtest up to summation order (the table's scan order is not the file's).
    const { backtest } = check;
    expect(view.backtest).toMatchObject({
      calibrationEnd: backtest.calibrationEnd,
      holdoutEnd: backtest.holdoutEnd,
      customers: backtest.customers,
      holdout: { actual: backtest.holdout.actual },
    });
    expect(view.backtest?.holdout.expected).toBeCloseTo(backtest.holdout.expected, 6);
    expect(view.backtest?.auc?.model).toBeCloseTo(backtest.auc?.model as number, 9);
    expect(view.backtest?.tracking).toHaveLength(backtest.tracking.length);
    expect(view.backtest?.auc?.model).toBeGreaterThan(0.5);
  }, 120_000);

  it('writes nothing when run again on the same data, and keeps the first scores', async () => {
    // Prepare
    const before = await deps.scores.get('00004');
    expect(before).toBeDefined();
    now = new Date(`${AS_OF}T18:00:00.000Z`);

    // Act
    const run = await scoreAllCustomers(deps, SETTINGS);

    // Assess
    expect(run).toMatchObject({ rerun: true, scored: 0, unchanged: 2357, published: true });
    expect(await deps.scores.get('00004')).toEqual(before);
  }, 120_000);

  it('rewrites every customer when the churn threshold changes', async () => {
    // Act
    const run = await scoreAllCustomers(deps, { ...SETTINGS, churnThreshold: 0.3 });

    // Assess
    expect(run).toMatchObject({ rerun: true, scored: 2357, unchanged: 0 });
    expect(await deps.scores.get('00004')).toMatchObject({ churnThreshold: 0.3 });
    expect(await deps.models.current()).toMatchObject({ churnThreshold: 0.3 });
  }, 120_000);

  it('never names a model of an earlier day current once a later one is', async () => {
    // Prepare
    const current = await deps.models.current();
    now = new Date('1998-06-01T06:00:00.000Z');
    const earlier = await scoreAllCustomers(deps, SETTINGS);

    // Act
    const again = await publishModel(deps, { version: earlier.version, churnThreshold: 0.5, segments: [] });

    // Assess
    expect(earlier.published).toBe(false);
    expect(again.published).toBe(false);
    expect(await deps.models.current()).toEqual(current);
  }, 120_000);
});
