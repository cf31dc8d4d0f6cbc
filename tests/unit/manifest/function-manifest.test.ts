/**
 * The manifest against the code: every handler's imports need exactly what its entry declares —
 * each adapter its table or grant, and no table or grant that nothing in the handler uses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  environmentFor,
  environmentSchema,
  type ResourceValuesOf,
  variablesOf,
} from '../../../functions/manifest/environment.js';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../../functions/manifest/functions.js';
import type { Grant } from '../../../functions/manifest/grants.js';
import { type IndexName, TABLE_NAMES, type TableName } from '../../../functions/manifest/tables.js';
import { lambdaFunction } from '../../../functions/shared/lambda-function.js';
import { handlerModules } from '../../support/handler-imports.js';

/** What each module that reaches AWS needs: tables, and grants (any one of them will do). */
const NEEDS: Record<string, { tables?: TableName[]; anyGrant?: Grant[] }> = {
  'adapters/dynamodb-audience-source': { tables: ['scores'] },
  'adapters/dynamodb-call-task-store': { tables: ['callTasks'] },
  'adapters/dynamodb-campaign-store': { tables: ['campaigns'] },
  'adapters/dynamodb-customer-population': { tables: ['customers'] },
  'adapters/dynamodb-customer-repository': { tables: ['customers'] },
  'adapters/dynamodb-journey-store': { tables: ['journeys'] },
  'adapters/dynamodb-model-store': { tables: ['models'] },
  'adapters/dynamodb-offer-code-store': { tables: ['offerCodes'] },
  'adapters/dynamodb-order-ledger': { tables: ['customers', 'orders'] },
  'adapters/dynamodb-score-store': { tables: ['scores'] },
  'adapters/dynamodb-send-ledger': { tables: ['sends'] },
  'adapters/dynamodb-slot-book': { tables: ['slots'] },
  'adapters/dynamodb-shared-send-quota': { tables: ['slots'] },
  'shared/idempotency-key': { tables: ['idempotency'] },
  'adapters/sfn-workflow-runs': {
    anyGrant: ['startJourneys', 'endJourneys', 'runCampaigns', 'watchJourneys'],
  },
  'adapters/scheduler-call-scheduler': {
    anyGrant: ['placeCallSchedules', 'deleteCallSchedules', 'endJourneys'],
  },
  'adapters/ses-email-sender': { anyGrant: ['sendEmail'] },
  'adapters/ses-send-quota': { anyGrant: ['readSendQuota'] },
  'adapters/sns-senders': { anyGrant: ['sendSms', 'notifyManagers'] },
};

/** The port calls the adapters answer with a query on a secondary index. */
const INDEX_CALLS: Record<IndexName, RegExp> = {
  bySendId: /\bsends\.findBySendId\(/,
  byStatus: /\btasks\.list\(/,
  byCampaign: /\btasks\.ofCampaign\(/,
};

/**
 * Grants a handler needs for a call its own module makes: the campaign workflow's handlers share
 * their use-case modules, and only the completion check reconciles (it asks whether each journey's
 * execution still runs).
 */
const GRANT_CALLS: Partial<Record<Grant, RegExp>> = {
  watchJourneys: /\b(checkCampaign|reconcileJourneys)\(/,
};

const names = Object.keys(FUNCTIONS) as FunctionName[];
const source = (module: string) =>
  readFileSync(new URL(`../../../functions/${module}.ts`, import.meta.url), 'utf8');

describe('Function manifest', () => {
  it('has one entry per handler module, each with its own construct id within its workflow', () => {
    const handlers = readdirSync(new URL('../../../functions/handlers/', import.meta.url))
      .filter((f) => f.endsWith('-handler.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(names.map((n) => FUNCTIONS[n].handler).sort()).toEqual(handlers);
    for (const name of names)
      expect(
        existsSync(new URL(`../../../functions/handlers/${FUNCTIONS[name].handler}.ts`, import.meta.url)),
      ).toBe(true);
  });

  it.each(names)(
    '%s: its imports need every table and grant its entry declares, and nothing else',
    (name) => {
      const spec = FUNCTIONS[name];
      const modules = handlerModules(spec.handler);
      const needed = [...modules].flatMap((m) => (NEEDS[m] ? [[m, NEEDS[m]] as const] : []));

      const neededTables = new Set(needed.flatMap(([, n]) => n.tables ?? []));
      const missingTables = [...neededTables].filter((t) => !(t in spec.tables));
      const unusedTables = Object.keys(spec.tables).filter((t) => !neededTables.has(t as TableName));
      const grants: readonly Grant[] = spec.grants;
      const missingGrants = needed
        .filter(([, n]) => n.anyGrant && !n.anyGrant.some((g) => grants.includes(g)))
        .map(([m, n]) => `${m} needs one of ${n.anyGrant?.join(', ')}`);
      const unusedGrants = grants.filter((g) => !needed.some(([, n]) => n.anyGrant?.includes(g)));

      expect({ missingTables, unusedTables, missingGrants, unusedGrants }).toEqual({
        missingTables: [],
        unusedTables: [],
        missingGrants: [],
        unusedGrants: [],
      });
    },
  );

  it.each(names)('%s: holds a grant for its own calls exactly when it makes them', (name) => {
    const handler = source(`handlers/${FUNCTIONS[name].handler}`);
    const grants: readonly Grant[] = FUNCTIONS[name].grants;
    for (const [grant, call] of Object.entries(GRANT_CALLS) as [Grant, RegExp][])
      expect(grants.includes(grant), grant).toBe(call.test(handler));
  });

  it.each(names)('%s: may query exactly the indexes its use cases query', (name) => {
    const modules = [...handlerModules(FUNCTIONS[name].handler)].filter((m) => !m.startsWith('adapters/'));
    const queried = (Object.keys(INDEX_CALLS) as IndexName[]).filter((index) =>
      modules.some((m) => INDEX_CALLS[index].test(source(m))),
    );
    expect([...FUNCTIONS[name].indexes].sort()).toEqual(queried.sort());
  });

  it.each(names)('%s: a bundle holds only the SDK clients its use case needs', (name) => {
    const modules = handlerModules(FUNCTIONS[name].handler);
    const spec: FunctionSpec = FUNCTIONS[name];
    // The barrel of every client is for the CLI; a handler importing it would carry them all.
    expect([...modules]).not.toContain('shared/aws-clients');
    // The numbering plans ship beside the bundles of the functions that may check a number.
    expect(modules.has('domain/numbering-plans')).toBe(spec.numberingPlans === true);
  });

  it('derives each environment from the entry: table names, grant resources, named variables', () => {
    expect(variablesOf(FUNCTIONS.recordEvent)).toEqual([
      'CALL_SCHEDULE_GROUP',
      'CUSTOMERS_TABLE',
      'IDEMPOTENCY_TABLE',
      'JOURNEYS_TABLE',
      'JOURNEY_STATE_MACHINE_ARN',
    ]);
    expect(variablesOf(FUNCTIONS.sendSms)).toContain('SMS_TYPE');
    expect(variablesOf(FUNCTIONS.sendSms)).not.toContain('EMAIL_FROM');
  });

  it('hands a function only its own variables, whatever the deployment holds', () => {
    const env = environmentFor(FUNCTIONS.getCustomer, {
      tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, `t-${t}`])) as Record<TableName, string>,
      settings: { DEFAULT_TIME_ZONE: 'UTC', EMAIL_FROM: 'a@b.c' } as never,
      resources: {},
    });
    expect(env).toEqual({ CUSTOMERS_TABLE: 't-customers', SCORES_TABLE: 't-scores' });
  });

  it('makes a variable outside the entry, or a missing value, a type error (checked by `npm run typecheck`)', () => {
    lambdaFunction(FUNCTIONS.getCustomer, (env) => {
      // @ts-expect-error getCustomer's entry names no sends table
      const sends: string = env.SENDS_TABLE;
      return async () => [env.CUSTOMERS_TABLE, sends];
    });
    // @ts-expect-error the call step's schedules need their target
    const missing: ResourceValuesOf<typeof FUNCTIONS.scheduleCall> = {
      CALL_SCHEDULE_GROUP: 'calls',
      CALL_TARGET_ROLE_ARN: 'arn:aws:iam::1:role/r',
      CALL_DLQ_ARN: 'arn:aws:sqs:eu-west-1:1:q',
    };
    expect(missing.CALL_SCHEDULE_GROUP).toBe('calls');
  });

  it('refuses a missing or malformed variable at cold start, naming it', () => {
    const fn = lambdaFunction(FUNCTIONS.fitScoringModel, (env) => async () => env.CHURN_THRESHOLD);
    const good = {
      CUSTOMERS_TABLE: 'customers',
      MODELS_TABLE: 'models',
      SCORING_MODEL: 'pareto',
      CHURN_THRESHOLD: '0.4',
      TIME_UNIT_DAYS: '7',
      PENALIZER: '0',
      SCAN_SEGMENTS: '4',
    };
    expect(environmentSchema(FUNCTIONS.fitScoringModel).safeParse(good).success).toBe(true);
    expect(() => fn.withEnvironment({ ...good, MODELS_TABLE: undefined })).toThrow(/MODELS_TABLE/);
    expect(() => fn.withEnvironment({ ...good, CHURN_THRESHOLD: '1.5' })).toThrow(/CHURN_THRESHOLD/);
  });
});
