import { describe, expect, it } from 'vitest';
import { assessReadiness } from '../../../../functions/domain/readiness/readiness.js';
import type { ReadinessCheck } from '../../../../functions/domain/readiness/readiness-check.js';
import {
  type StageFacts,
  type StageResources,
  stageChecks,
} from '../../../../functions/domain/readiness/stage-readiness.js';

const JOURNEY_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reactivate-prod-journey';
const CAMPAIGN_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reactivate-prod-campaign';
const SCORING_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ScoringStateMachineE8EB195E-abc';

const RESOURCES: StageResources = {
  stacks: [
    { name: 'Reactivate-prod-Data', status: 'UPDATE_COMPLETE' },
    { name: 'Reactivate-prod-Api', status: 'CREATE_COMPLETE' },
    { name: 'Reactivate-prod-Workflows', status: 'UPDATE_COMPLETE' },
  ],
  tables: { customers: 'Reactivate-prod-Data-Customers-1', journeys: 'Reactivate-prod-Data-Journeys-2' },
  stateMachines: { journey: JOURNEY_ARN, campaign: CAMPAIGN_ARN, scoring: SCORING_ARN },
  schedulerRole: { name: 'Reactivate-prod-Workflows-JourneysCallSchedulerRole-X', status: 'CREATE_COMPLETE' },
};

function facts(overrides: Partial<StageFacts> = {}, resources: Partial<StageResources> = {}): StageFacts {
  return {
    stage: 'prod',
    region: 'eu-west-1',
    resources: { value: { ...RESOURCES, ...resources } },
    tables: {
      customers: { value: { status: 'ACTIVE', pointInTimeRecovery: true } },
      journeys: { value: { status: 'ACTIVE', pointInTimeRecovery: true } },
    },
    stateMachines: {
      journey: { value: { name: 'reactivate-prod-journey', status: 'ACTIVE' } },
      campaign: { value: { name: 'reactivate-prod-campaign', status: 'ACTIVE' } },
      scoring: { value: { name: 'ScoringStateMachineE8EB195E-abc', status: 'ACTIVE' } },
    },
    scheduleGroup: { name: 'reactivate-prod-calls', state: { value: 'ACTIVE' } },
    ...overrides,
  };
}

const byId = (checks: ReadinessCheck[], id: string) => {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('stage readiness', () => {
  it('is all ok for deployed stacks, active tables with PITR, state machines, schedule group and role', () => {
    const checks = stageChecks(facts());

    expect(checks.every((c) => c.status === 'ok')).toBe(true);
    expect(byId(checks, 'table.customers').message).toBe(
      'Reactivate-prod-Data-Customers-1: ACTIVE, point-in-time recovery on',
    );
    expect(byId(checks, 'scheduler.group').message).toBe('reactivate-prod-calls: ACTIVE');
  });

  it('reports a stack that is not deployed once, with the deploy command, instead of each resource it holds', () => {
    const checks = stageChecks(
      facts(
        { tables: {} },
        {
          stacks: [{ name: 'Reactivate-prod-Data', status: null }, ...RESOURCES.stacks.slice(1)],
          tables: { customers: null, journeys: null },
        },
      ),
    );

    expect(byId(checks, 'stack.Reactivate-prod-Data')).toMatchObject({
      status: 'fail',
      message: 'not deployed in eu-west-1: deploy the stage: npx cdk deploy --all -c stage=prod',
    });
    expect(byId(checks, 'tables').message).toBe(
      'none found (Reactivate-prod-Data not deployed): deploy the stage: npx cdk deploy --all -c stage=prod',
    );
    expect(checks.filter((c) => c.area === 'tables')).toHaveLength(1);
  });

  it('fails a stack whose creation rolled back, and warns on one being deployed or rolled back after an update', () => {
    const stack = (status: string) =>
      byId(
        stageChecks(facts({}, { stacks: [{ name: 'Reactivate-prod-Data', status }] })),
        'stack.Reactivate-prod-Data',
      );

    expect(stack('ROLLBACK_COMPLETE').status).toBe('fail');
    expect(stack('UPDATE_IN_PROGRESS')).toMatchObject({
      status: 'warn',
      message: 'UPDATE_IN_PROGRESS: wait for the deployment to finish',
    });
    expect(stack('UPDATE_ROLLBACK_COMPLETE').status).toBe('warn');
  });

  it('warns about a table whose point-in-time recovery was turned off, with the command that turns it on', () => {
    const checks = stageChecks(
      facts({
        tables: {
          customers: { value: { status: 'ACTIVE', pointInTimeRecovery: false } },
          journeys: { value: { status: 'ACTIVE', pointInTimeRecovery: true } },
        },
      }),
    );

    expect(byId(checks, 'table.customers').status).toBe('warn');
    expect(byId(checks, 'table.customers').message).toContain(
      'aws dynamodb update-continuous-backups --table-name Reactivate-prod-Data-Customers-1',
    );
  });

  it('fails a table that is still being created or is missing from DynamoDB', () => {
    const checks = stageChecks(
      facts({
        tables: {
          customers: { value: { status: 'CREATING', pointInTimeRecovery: true } },
          journeys: { value: null },
        },
      }),
    );

    expect(byId(checks, 'table.customers').message).toBe(
      'Reactivate-prod-Data-Customers-1 is CREATING, not ACTIVE',
    );
    expect(byId(checks, 'table.journeys')).toMatchObject({ status: 'fail' });
    expect(byId(checks, 'table.journeys').message).toContain('is in the stack but not in DynamoDB');
  });

  it('fails a missing schedule group: no manager call could be scheduled', () => {
    const checks = stageChecks(
      facts({ scheduleGroup: { name: 'reactivate-prod-calls', state: { value: null } } }),
    );

    expect(byId(checks, 'scheduler.group')).toMatchObject({ status: 'fail' });
    expect(byId(checks, 'scheduler.group').message).toContain(
      'reactivate-prod-calls does not exist in eu-west-1, so no manager call can be scheduled',
    );
  });

  it('fails a state machine or scheduler role the stack does not have, and skips a role that cannot be discovered', () => {
    const checks = stageChecks(
      facts({}, { stateMachines: { ...RESOURCES.stateMachines, scoring: null }, schedulerRole: null }),
    );
    const local = stageChecks(facts({}, { schedulerRole: 'unknown' }));

    expect(byId(checks, 'workflow.scoring').message).toContain("not found in the stage's workflow stack");
    expect(byId(checks, 'scheduler.role').status).toBe('fail');
    expect(local.some((c) => c.id === 'scheduler.role')).toBe(false);
  });

  it('fails once when the stacks cannot be read, and still checks the schedule group by its name', () => {
    const checks = stageChecks(
      facts({ resources: { error: "finding the stage's stacks failed — AccessDenied: no" } }),
    );

    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['stacks', 'fail'],
      ['scheduler.group', 'ok'],
    ]);
  });
});

describe('the readiness verdict', () => {
  const email = {
    region: 'eu-west-1',
    from: 'winback@example.com',
    domainIdentity: { value: null },
    addressIdentity: { value: { verificationStatus: 'SUCCESS', verifiedForSending: true, dkim: null } },
    account: {
      value: {
        productionAccess: true,
        sendingEnabled: true,
        enforcementStatus: 'HEALTHY',
        max24HourSend: 50_000,
        maxSendRate: 14,
        sentLast24Hours: 0,
      },
    },
  };
  const sms = {
    region: 'eu-west-1',
    numbers: { value: [] },
    monthlySpendLimit: { value: 1000 },
    inSandbox: { value: false },
    smsPrice: 0.0088,
  };

  it('is warn when checks only warn (a campaign runs), and fail when one fails', () => {
    const warned = assessReadiness({ email, sms, stage: facts(), volume: 100 });
    const failed = assessReadiness({ email, sms: { ...sms, inSandbox: { value: true } }, stage: facts() });

    expect(warned).toMatchObject({ stage: 'prod', region: 'eu-west-1', volume: 100, status: 'warn' });
    expect(failed.status).toBe('fail');
  });
});
