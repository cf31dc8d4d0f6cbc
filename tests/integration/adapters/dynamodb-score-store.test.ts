/**
 * The score store on dynalite: scores that hold nothing (no regularity, no lapsed category, no
 * mean repeat value, no churn moment) are left out of the item, and every reader gets them back
 * as null or empty — scores read are the scores written.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAudienceSource } from '../../../functions/adapters/dynamodb-audience-source.js';
import { toItem } from '../../../functions/adapters/dynamodb-batch.js';
import { DynamoScoreStore } from '../../../functions/adapters/dynamodb-score-store.js';
import type { StoredScores } from '../../../functions/ports/scoring-store.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const repeatBuyer: StoredScores = {
  customerId: 'regular',
  statsRev: 4,
  model: 'pareto',
  modelVersion: 'v1',
  scoredAt: '2026-11-24T03:00:00.000Z',
  asOf: '2026-11-24',
  inputs: {
    repeatPurchases: 3,
    lastPurchaseAfterDays: 120,
    observedDays: 300,
    firstPurchaseOn: '2026-01-28',
    lastPurchaseOn: '2026-05-28',
    spend: 160,
    meanRepeatValue: 40,
  },
  pAlive: 0.62,
  pAliveIn90Days: 0.5,
  expectedPurchases90Days: 0.4,
  expectedPurchases365Days: 1.3,
  expectedNextOrderOn: '2026-07-01',
  churnThreshold: 0.5,
  churnMomentOn: '2027-01-10',
  churnMomentMethod: 'model',
  modelFit: 'maximum-likelihood',
  expectedOrderValue: 41,
  clv365Days: 53.3,
  rfm: { recency: 3, frequency: 4, monetary: 4, segment: 'loyal' },
  regularity: 'Y',
  gapCv: 0.7,
  lapsedCategories: ['jazz'],
};
const oneTimeBuyer: StoredScores = {
  ...repeatBuyer,
  customerId: 'once',
  inputs: { ...repeatBuyer.inputs, repeatPurchases: 0, lastPurchaseAfterDays: 0, meanRepeatValue: null },
  churnMomentOn: null,
  regularity: null,
  gapCv: null,
  lapsedCategories: [],
};

/** A monthly buyer whose churn moment came from their own purchase cycle. */
const cycleBuyer: StoredScores = {
  ...repeatBuyer,
  customerId: 'monthly',
  inputs: { ...repeatBuyer.inputs, purchaseCycle: { gaps: 8, usualGapDays: 30.2, logGapSd: 0.11 } },
  churnMomentOn: '2026-07-03',
  churnMomentMethod: 'purchase-cycle',
  modelFit: 'shrunk-to-prior',
};

describe('DynamoScoreStore', () => {
  let fx: DynamoFixture;
  let table: string;
  let store: DynamoScoreStore;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    table = (await fx.freshTables()).scores;
    store = new DynamoScoreStore(fx.db, table);
    await store.put([repeatBuyer, oneTimeBuyer, cycleBuyer]);
  });
  afterAll(() => fx.close());

  it('leaves empty scores out of the item and keeps every other one', async () => {
    const raw = async (customerId: string) =>
      (await fx.db.send(new GetItemCommand({ TableName: table, Key: toItem({ customerId }) }))).Item ?? {};
    const once = await raw('once');
    for (const absent of ['regularity', 'gapCv', 'churnMomentOn', 'lapsedCategories'])
      expect(once).not.toHaveProperty(absent);
    expect(once.inputs?.M).not.toHaveProperty('meanRepeatValue');
    expect(once.pAlive).toEqual({ N: '0.62' });
    expect(Object.keys(await raw('regular')).sort()).toEqual(Object.keys(repeatBuyer).sort());
  });

  it('reads back exactly the scores written, empty ones as null and []', async () => {
    expect(await store.get('once')).toEqual(oneTimeBuyer);
    expect(await store.get('regular')).toEqual(repeatBuyer);
  });

  it("keeps a regular buyer's purchase cycle and how the churn moment was made", async () => {
    expect(await store.get('monthly')).toEqual(cycleBuyer);
    const page = await new DynamoAudienceSource(fx.db, table).page(0, 1);
    // A campaign with its own θ recomputes the churn moment from the cycle.
    expect(page.items.find((c) => c.customerId === 'monthly')?.inputs).toMatchObject({
      purchaseCycle: cycleBuyer.inputs.purchaseCycle,
    });
  });

  it("reads scores stored before the churn moment named its method as the model's, fitted by maximum likelihood", async () => {
    // Prepare: an item as written before churnMomentMethod and modelFit existed.
    const { churnMomentMethod: _, modelFit: __, ...older } = repeatBuyer;
    await fx.db.send(
      new PutItemCommand({ TableName: table, Item: toItem({ ...older, customerId: 'older' }) }),
    );

    // Act
    const read = await store.get('older');

    // Assess
    expect(read).toEqual({ ...repeatBuyer, customerId: 'older' });
  });

  it('gives audience selection the empty scores as null and [], model inputs included', async () => {
    const page = await new DynamoAudienceSource(fx.db, table).page(0, 1, undefined, { modelInputs: true });
    const once = page.items.find((c) => c.customerId === 'once');
    expect(once).toMatchObject({ churnMomentOn: null, lapsedCategories: [] });
    expect(once?.inputs?.meanRepeatValue).toBeNull();
    expect(page.items.find((c) => c.customerId === 'regular')).toMatchObject({
      churnMomentOn: '2027-01-10',
      lapsedCategories: ['jazz'],
      inputs: { meanRepeatValue: 40 },
    });
  });
});
