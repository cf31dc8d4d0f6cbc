/**
 * The scoring workflow's three Lambda handlers chained exactly as the synthesized state machine
 * chains them: each task's input is built from the definition's own paths (the Map's
 * ItemSelector, PublishModel's Parameters) applied to the previous task's output, so a renamed
 * field on either side fails here. The handlers run with their real clients against dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentFor } from '../../../functions/manifest/environment.js';
import { FUNCTIONS } from '../../../functions/manifest/functions.js';
import type { TableName } from '../../../functions/manifest/tables.js';
import { loadStageConfig } from '../../../lib/config.js';
import { stageSettings } from '../../../lib/journey-environment.js';
import { cliApp } from '../../support/cdk-app.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { synthesizedDefinition } from '../../support/state-machines.js';

type Json = Record<string, unknown>;

/** Resolves `$.a.b` against the state and `$$.Map.Item.Value` against the Map item. */
function select(template: Json, state: Json, item?: unknown): Json {
  return Object.fromEntries(
    Object.entries(template).map(([key, path]) => {
      if (!key.endsWith('.$')) return [key, path];
      const value =
        path === '$$.Map.Item.Value'
          ? item
          : String(path)
              .slice(2)
              .split('.')
              .reduce<unknown>((v, k) => (v as Json)[k], state);
      return [key.slice(0, -2), value];
    }),
  );
}

/** Each handler composed as the deployment would: its own variables, from its manifest entry. */
async function scoringHandler(
  name: 'fitScoringModel' | 'scoreSegment' | 'publishScoringModel',
  tables: Json,
) {
  const settings = stageSettings(
    loadStageConfig((key) => (key === 'stage' ? 'test' : undefined)),
    '',
  );
  const module = (await import(`../../../functions/handlers/${FUNCTIONS[name].handler}.ts`)) as {
    withEnvironment(env: Record<string, string>): (event: unknown) => Promise<Json>;
  };
  return module.withEnvironment(
    environmentFor(FUNCTIONS[name], {
      tables: tables as Record<TableName, string>,
      settings: {
        ...settings,
        SCORING_MODEL: 'bgnbd',
        CHURN_THRESHOLD: '0.4',
        TIME_UNIT_DAYS: '7',
        PENALIZER: '0',
        SCAN_SEGMENTS: '3',
      },
      resources: {},
    }),
  );
}

function scoringDefinition() {
  return synthesizedDefinition(cliApp().workflows, 'Scoring');
}

const customer = (customerId: string, days: number[], spend: number) => ({
  customerId,
  createdAt: 'x',
  updatedAt: 'x',
  rev: days.length,
  stats: {
    orders: days.length,
    firstPurchaseAt: new Date((days[0] as number) * 86_400_000).toISOString(),
    lastPurchaseAt: new Date((days[days.length - 1] as number) * 86_400_000).toISOString(),
    purchaseDays: days,
    spend,
    firstDaySpend: spend / days.length,
    categories: {},
  },
});

describe('Handlers: the scoring workflow tasks, chained as the state machine chains them', () => {
  let fx: DynamoFixture;
  let tables: Awaited<ReturnType<DynamoFixture['freshTables']>>;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    tables = await fx.freshTables();
    for (let i = 0; i < 60; i++) {
      const first = 19_000 + (i % 7) * 11;
      const days = Array.from({ length: 1 + (i % 5) }, (_, k) => first + k * (20 + (i % 3) * 9));
      await fx.putItem(tables.customers, customer(`c-${i}`, days, 25 * days.length + i));
    }
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: fx.dynamo.endpoint,
    });
  }, 60_000);
  afterAll(() => fx.close());

  it('fits, scores every segment and publishes; every customer ends up scored by the current model', async () => {
    // Prepare
    const definition = scoringDefinition();
    const fitModel = await scoringHandler('fitScoringModel', tables);
    const score = await scoringHandler('scoreSegment', tables);
    const publish = await scoringHandler('publishScoringModel', tables);
    const { ScoreSegments, PublishModel } = definition.States;

    // Act
    const state: Json = { run: await fitModel({ asOf: '2022-06-30' }) };
    const segments = [];
    for (const item of (state.run as Json).segments as number[])
      segments.push(await score(select(ScoreSegments.ItemSelector, state, item)));
    state.segments = segments;
    const publication = await publish(select(PublishModel.Parameters, state));
    const stored = await fx.getItem(tables.scores, { customerId: 'c-7' });
    const current = await fx.getItem(tables.models, { version: 'current' });

    // Assess
    expect(state.run).toMatchObject({
      customers: 60,
      rerun: false,
      segments: [0, 1, 2],
      churnThreshold: 0.4,
    });
    expect(segments.reduce((n, s) => n + Number(s.scored), 0)).toBe(60);
    expect(publication).toMatchObject({ published: true, current: { scored: 60, asOf: '2022-06-30' } });
    expect(stored).toMatchObject({ model: 'bgnbd', churnThreshold: 0.4, asOf: '2022-06-30', statsRev: 3 });
    expect(current).toMatchObject({ model: (state.run as Json).version, scored: 60 });
  }, 60_000);

  it('ends quietly with customers: 0 when nobody has bought yet (a fresh deployment)', async () => {
    const fitModel = await scoringHandler('fitScoringModel', tables);
    const { AnythingToScore } = scoringDefinition().States;

    const run = (await fitModel({ asOf: '2000-01-01' })) as Json;

    expect(run).toMatchObject({
      customers: 0,
      segments: [],
      warnings: [expect.stringMatching(/no customer/)],
    });
    expect(AnythingToScore.Choices[0]).toMatchObject({ Variable: '$.run.customers', NumericEquals: 0 });
  });

  it('fails a task with InvalidTaskInput, naming the field, when its input is malformed', async () => {
    const score = await scoringHandler('scoreSegment', tables);
    const fitModel = await scoringHandler('fitScoringModel', tables);
    await expect(
      score({ version: 'nope', segment: 0, totalSegments: 1, churnThreshold: 0.5, compare: false }),
    ).rejects.toMatchObject({
      name: 'InvalidTaskInput',
      message: expect.stringMatching(/version/),
    });
    await expect(fitModel({ asOf: '2022-02-30' })).rejects.toThrow(/asOf: must be a date YYYY-MM-DD/);
  });
});
