/**
 * The readiness use case over in-memory ports: which identities it asks SES about, that a denied
 * call costs only the checks that need its answer, and that located resources are the ones read.
 */
import { describe, expect, it } from 'vitest';
import type {
  SesAccountFacts,
  SesIdentityFacts,
} from '../../../functions/domain/readiness/email-readiness.js';
import type { ReadinessPorts } from '../../../functions/ports/readiness.js';
import { checkReadiness, type ReadinessRequest } from '../../../functions/use-cases/check-readiness.js';

const ACCOUNT: SesAccountFacts = {
  productionAccess: true,
  sendingEnabled: true,
  enforcementStatus: 'HEALTHY',
  max24HourSend: 50_000,
  maxSendRate: 14,
  sentLast24Hours: 0,
};
const VERIFIED: SesIdentityFacts = {
  verificationStatus: 'SUCCESS',
  verifiedForSending: true,
  dkim: { signingEnabled: true, status: 'SUCCESS' },
};

const REQUEST: ReadinessRequest = {
  stage: 'prod',
  region: 'eu-west-1',
  emailFrom: 'Shop <winback@shop.example>',
  originationNumber: '+18005550100',
  smsPrice: 0.0088,
  scheduleGroup: 'reactivate-prod-calls',
};

function ports(overrides: Partial<ReadinessPorts> = {}) {
  const asked = { identities: [] as string[], tables: [] as string[], machines: [] as string[] };
  const fake: ReadinessPorts = {
    email: {
      account: async () => ACCOUNT,
      identity: async (name) => {
        asked.identities.push(name);
        return name === 'shop.example' ? VERIFIED : null;
      },
    },
    sms: {
      originationNumbers: async () => [
        { phoneNumber: '+18005550100', status: 'ACTIVE', capabilities: ['SMS'] },
      ],
      monthlySpendLimit: async () => 1000,
      inSandbox: async () => false,
    },
    schedules: { state: async (name) => (name === 'reactivate-prod-calls' ? 'ACTIVE' : null) },
    tables: {
      describe: async (name) => {
        asked.tables.push(name);
        return { status: 'ACTIVE', pointInTimeRecovery: true };
      },
    },
    stateMachines: {
      describe: async (arn) => {
        asked.machines.push(arn);
        return { name: arn.split(':').at(-1) ?? arn, status: 'ACTIVE' };
      },
    },
    resources: {
      locate: async () => ({
        stacks: [{ name: 'Reactivate-prod-Data', status: 'CREATE_COMPLETE' }],
        tables: { customers: 'prod-customers', orders: null },
        stateMachines: { journey: 'arn:aws:states:eu-west-1:1:stateMachine:reactivate-prod-journey' },
        schedulerRole: 'unknown',
      }),
    },
    ...overrides,
  };
  return { fake, asked };
}

describe('check readiness', () => {
  it("asks SES about the sender's domain and address, and reads only the resources the stacks hold", async () => {
    // Prepare
    const { fake, asked } = ports();

    // Act
    const report = await checkReadiness(fake, { ...REQUEST, volume: 1000 });

    // Assess
    expect(asked.identities.sort()).toEqual(['shop.example', 'winback@shop.example']);
    expect(asked.tables).toEqual(['prod-customers']);
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
    const { fake } = ports();
    const { fake: withDenial } = ports({ sms: { ...fake.sms, inSandbox: () => Promise.reject(denied) } });

    // Act
    const report = await checkReadiness(withDenial, REQUEST);

    // Assess
    expect(report.checks.find((c) => c.id === 'sms.sandbox')).toMatchObject({
      status: 'fail',
      message:
        'could not check it: sns:GetSMSSandboxAccountStatus failed — AuthorizationErrorException: User is not authorized to perform SNS:GetSMSSandboxAccountStatus',
    });
    expect(report.checks.find((c) => c.id === 'sms.origination')?.status).toBe('ok');
    expect(report.checks.find((c) => c.id === 'email.production-access')?.status).toBe('ok');
  });
});
