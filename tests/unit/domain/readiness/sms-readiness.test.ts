import { describe, expect, it } from 'vitest';
import type { ReadinessCheck } from '../../../../functions/domain/readiness/readiness-check.js';
import {
  type OriginationNumberFacts,
  type SmsFacts,
  smsChecks,
} from '../../../../functions/domain/readiness/sms-readiness.js';

const NUMBER: OriginationNumberFacts = {
  phoneNumber: '+18005550100',
  status: 'ACTIVE',
  countryCode: 'US',
  routeType: 'Transactional',
  capabilities: ['SMS', 'VOICE'],
};

function facts(overrides: Partial<SmsFacts> = {}): SmsFacts {
  return {
    region: 'us-east-1',
    originationNumber: '+18005550100',
    numbers: { value: [NUMBER] },
    monthlySpendLimit: { value: 500 },
    inSandbox: { value: false },
    smsPrice: 0.0088,
    ...overrides,
  };
}

const byId = (checks: ReadinessCheck[], id: string) => {
  const found = checks.find((c) => c.id === `sms.${id}`);
  if (!found) throw new Error(`no check sms.${id}`);
  return found;
};

describe('SMS readiness', () => {
  it('is all ok for a production account sending from its own active number', () => {
    const checks = smsChecks(facts(), 20_000);

    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
    expect(byId(checks, 'origination').message).toBe('+18005550100 is active for SMS (US, transactional)');
  });

  it('fails an account still in the SMS sandbox and links to moving it to production', () => {
    const check = byId(smsChecks(facts({ inSandbox: { value: true } })), 'sandbox');

    expect(check.status).toBe('fail');
    expect(check.message).toContain('texts reach only verified phone numbers');
    expect(check.message).toContain('sns-sms-sandbox-moving-to-production');
  });

  it('fails a configured number the account does not have, or one not yet active', () => {
    const missing = byId(smsChecks(facts({ numbers: { value: [] } })), 'origination');
    const pending = byId(
      smsChecks(facts({ numbers: { value: [{ ...NUMBER, status: 'PENDING' }] } })),
      'origination',
    );

    expect(missing.status).toBe('fail');
    expect(missing.message).toContain(
      '+18005550100 (journeys.sms.originationNumber) is not an origination number of this account in us-east-1',
    );
    expect(pending.status).toBe('fail');
    expect(pending.message).toContain('+18005550100 is PENDING, not ACTIVE');
  });

  it('fails a number that cannot send SMS', () => {
    const voice = byId(
      smsChecks(facts({ numbers: { value: [{ ...NUMBER, capabilities: ['VOICE'] }] } })),
      'origination',
    );

    expect(voice).toMatchObject({ status: 'fail' });
    expect(voice.message).toContain('cannot send SMS (capabilities: VOICE)');
  });

  it('warns when no number is configured, pointing at the account numbers or at registering one', () => {
    const { originationNumber: _, ...unset } = facts();
    const owned = byId(smsChecks(unset), 'origination');
    const none = byId(smsChecks({ ...unset, numbers: { value: [] } }), 'origination');

    expect(owned.status).toBe('warn');
    expect(owned.message).toContain("set it to one of the account's numbers (+18005550100)");
    expect(none.status).toBe('warn');
    expect(none.message).toContain('register a toll-free or 10DLC number');
  });

  it("warns that a new account's USD 1 spend limit pays for few texts", () => {
    const check = byId(smsChecks(facts({ monthlySpendLimit: { value: null } })), 'spend-limit');

    expect(check.status).toBe('warn');
    expect(check.message).toContain('USD 1 a month');
    expect(check.message).toContain('about 113 texts');
  });

  it('warns when a campaign could cost more than the monthly limit, and passes one within it', () => {
    const over = byId(smsChecks(facts({ monthlySpendLimit: { value: 100 } }), 21_215), 'spend-limit');
    const within = byId(smsChecks(facts(), 21_215), 'spend-limit');

    expect(over.status).toBe('warn');
    expect(over.message).toContain('up to 21,215 texts at 0.0088 each (reports.smsPrice) cost up to 186.69');
    expect(over.message).toContain('over the USD 100 monthly limit');
    expect(within).toMatchObject({ status: 'ok' });
  });

  it('fails the checks whose facts could not be read', () => {
    const checks = smsChecks(
      facts({ inSandbox: { error: 'sns:GetSMSSandboxAccountStatus failed — AuthorizationError: no' } }),
    );

    expect(byId(checks, 'sandbox')).toMatchObject({
      status: 'fail',
      message: 'could not check it: sns:GetSMSSandboxAccountStatus failed — AuthorizationError: no',
    });
    expect(byId(checks, 'origination').status).toBe('ok');
  });
});
