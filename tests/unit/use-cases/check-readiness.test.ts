/**
 * The readiness use case over in-memory ports: which identities it asks SES about, that a denied
 * call costs only the checks that need its answer, and that located resources are the ones read.
 */
import { describe, expect, it } from 'vitest';
import { checkReadiness, type ReadinessRequest } from '../../../functions/use-cases/check-readiness.js';
import {
  activeNumber,
  FakeEmailAccount,
  FakeScheduleGroups,
  FakeSmsAccount,
  FakeStageResources,
  FakeStateMachines,
  FakeTableStatuses,
  fakeReadinessPorts,
  PENDING_IDENTITY,
} from '../../fakes/readiness-ports.js';

const REQUEST: ReadinessRequest = {
  stage: 'prod',
  region: 'eu-west-1',
  emailFrom: 'Shop <winback@shop.example>',
  originationNumber: '+18005550100',
  smsPrice: 0.0088,
  scheduleGroup: 'reactivate-prod-calls',
};

const JOURNEY = 'arn:aws:states:eu-west-1:1:stateMachine:reactivate-prod-journey';

/** A production account whose domain is verified, and a stage whose data stack lacks the orders table. */
const account = () =>
  fakeReadinessPorts({
    email: new FakeEmailAccount({ verified: ['shop.example'] }),
    sms: new FakeSmsAccount({ numbers: [activeNumber('+18005550100')], monthlySpendLimit: 1000 }),
    schedules: new FakeScheduleGroups({ 'reactivate-prod-calls': 'ACTIVE' }),
    tables: new FakeTableStatuses(['prod-customers']),
    stateMachines: new FakeStateMachines([JOURNEY]),
    resources: new FakeStageResources({
      stacks: [{ name: 'Reactivate-prod-Data', status: 'CREATE_COMPLETE' }],
      tables: { customers: 'prod-customers', orders: null },
      stateMachines: { journey: JOURNEY },
    }),
  });

describe('check readiness', () => {
  it("asks SES about the sender's domain and address, and reads only the resources the stacks hold", async () => {
    // Prepare
    const fake = account();

    // Act
    const report = await checkReadiness(fake, { ...REQUEST, volume: 1000 });

    // Assess
    expect(fake.email.asked.sort()).toEqual(['shop.example', 'winback@shop.example']);
    expect(fake.tables.asked).toEqual(['prod-customers']);
    expect(report.checks.find((c) => c.id === 'table.orders')?.message).toContain('not found');
    expect(report).toMatchObject({ stage: 'prod', region: 'eu-west-1', volume: 1000, status: 'fail' });
  });

  it('turns a denied call into failed checks naming the call, and still makes every other check', async () => {
    // Prepare: a role without sns:GetSMSSandboxAccountStatus
    const denied = Object.assign(
      new Error('User is not authorized to perform SNS:GetSMSSandboxAccountStatus'),
      {
        name: 'AuthorizationErrorException',
      },
    );
    const fake = account();
    fake.sms.refuse('inSandbox', denied);

    // Act
    const report = await checkReadiness(fake, REQUEST);

    // Assess
    expect(report.checks.find((c) => c.id === 'sms.sandbox')).toMatchObject({
      status: 'fail',
      message:
        'could not check it: sns:GetSMSSandboxAccountStatus failed — AuthorizationErrorException: User is not authorized to perform SNS:GetSMSSandboxAccountStatus',
    });
    expect(report.checks.find((c) => c.id === 'sms.origination')?.status).toBe('ok');
    expect(report.checks.find((c) => c.id === 'email.production-access')?.status).toBe('ok');
  });

  it('describes nothing a stage that is not deployed would hold, and fails an account in both sandboxes', async () => {
    // Prepare: a new account (the domain's DNS records not seen yet), the stage's data stack not deployed
    const fake = fakeReadinessPorts({
      email: new FakeEmailAccount({ sandbox: true, identities: { 'shop.example': PENDING_IDENTITY } }),
      sms: new FakeSmsAccount({ sandbox: true }),
      resources: new FakeStageResources({
        stacks: [{ name: 'Reactivate-prod-Data', status: null }],
        tables: { customers: null, orders: null },
      }),
    });

    // Act
    const report = await checkReadiness(fake, REQUEST);

    // Assess
    const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
    expect(status('email.production-access')).toBe('fail');
    expect(report.checks.find((c) => c.id === 'email.identity')?.message).toContain(
      'verification is PENDING',
    );
    expect(status('sms.sandbox')).toBe('fail');
    expect(status('stack.Reactivate-prod-Data')).toBe('fail');
    expect(status('tables')).toBe('fail');
    expect(fake.tables.asked).toEqual([]);
    expect(fake.stateMachines.asked).toEqual([]);
    expect(fake.schedules.asked).toEqual(['reactivate-prod-calls']);
  });
});
