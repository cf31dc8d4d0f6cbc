import { describe, expect, it } from 'vitest';
import {
  type EmailFacts,
  emailChecks,
  type SesAccountFacts,
  type SesIdentityFacts,
  sendingIdentityNames,
} from '../../../../functions/domain/readiness/email-readiness.js';
import type { ReadinessCheck } from '../../../../functions/domain/readiness/readiness-check.js';

const VERIFIED: SesIdentityFacts = {
  verificationStatus: 'SUCCESS',
  verifiedForSending: true,
  dkim: { signingEnabled: true, status: 'SUCCESS' },
};

const PRODUCTION: SesAccountFacts = {
  productionAccess: true,
  sendingEnabled: true,
  enforcementStatus: 'HEALTHY',
  max24HourSend: 10_000,
  maxSendRate: 14,
  sentLast24Hours: 0,
};

const SANDBOX: SesAccountFacts = {
  ...PRODUCTION,
  productionAccess: false,
  max24HourSend: 200,
  maxSendRate: 1,
};

function facts(overrides: Partial<EmailFacts> = {}): EmailFacts {
  return {
    region: 'eu-west-1',
    from: 'Example Shop <winback@mail.example.com>',
    domainIdentity: { value: VERIFIED },
    addressIdentity: { value: null },
    account: { value: PRODUCTION },
    ...overrides,
  };
}

const byId = (checks: ReadinessCheck[], id: string) => {
  const found = checks.find((c) => c.id === `email.${id}`);
  if (!found) throw new Error(`no check email.${id}`);
  return found;
};

describe('the sender of journeys.emailFrom', () => {
  it('reads the address and domain from a display-name sender or a bare address, in lower case', () => {
    expect(sendingIdentityNames('Example Shop <WinBack@Mail.Example.com>')).toEqual({
      address: 'winback@mail.example.com',
      domain: 'mail.example.com',
    });
    expect(sendingIdentityNames('winback@example.com')).toEqual({
      address: 'winback@example.com',
      domain: 'example.com',
    });
    expect(sendingIdentityNames('Example Shop')).toBeNull();
  });
});

describe('email readiness', () => {
  it('is all ok for a production account whose verified domain signs with DKIM', () => {
    // Act
    const checks = emailChecks(facts());

    // Assess
    expect(checks.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(byId(checks, 'identity').message).toBe(
      'mail.example.com is verified for sending (domain identity)',
    );
  });

  it('fails a sandboxed account and links to the production-access request', () => {
    const check = byId(emailChecks(facts({ account: { value: SANDBOX } })), 'production-access');

    expect(check.status).toBe('fail');
    expect(check.message).toContain('in the SES sandbox in eu-west-1');
    expect(check.message).toContain('at most 200 a day');
    expect(check.message).toContain(
      'https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html',
    );
  });

  it('names a pending production-access request and its case', () => {
    const pending = { ...SANDBOX, review: { status: 'PENDING', caseId: '1234567890' } };
    const check = byId(emailChecks(facts({ account: { value: pending } })), 'production-access');

    expect(check.message).toContain('(a request is PENDING, case 1234567890)');
  });

  it('fails when neither the domain nor the address is an identity, and says which to create', () => {
    const check = byId(emailChecks(facts({ domainIdentity: { value: null } })), 'identity');

    expect(check.status).toBe('fail');
    expect(check.message).toMatch(
      /^no SES identity for mail\.example\.com or winback@mail\.example\.com in eu-west-1: create and verify the domain/,
    );
  });

  it('accepts a verified address when the domain is not an identity, but warns that nothing is DKIM-signed', () => {
    const checks = emailChecks(
      facts({ domainIdentity: { value: null }, addressIdentity: { value: VERIFIED } }),
    );

    expect(byId(checks, 'identity')).toMatchObject({
      status: 'ok',
      message: 'winback@mail.example.com is verified for sending (address identity)',
    });
    expect(byId(checks, 'dkim').status).toBe('warn');
    expect(byId(checks, 'dkim').message).toContain('mail.example.com is not an SES identity');
  });

  it('fails a domain whose verification is still pending', () => {
    const pending = { verificationStatus: 'PENDING', verifiedForSending: false, dkim: null };
    const check = byId(emailChecks(facts({ domainIdentity: { value: pending } })), 'identity');

    expect(check.status).toBe('fail');
    expect(check.message).toContain(
      'mail.example.com is an identity in eu-west-1 but its verification is PENDING',
    );
  });

  it('warns about DKIM that is pending or failed, without failing the campaign', () => {
    const dkim = (status: string) =>
      byId(
        emailChecks(
          facts({ domainIdentity: { value: { ...VERIFIED, dkim: { signingEnabled: true, status } } } }),
        ),
        'dkim',
      );

    expect(dkim('PENDING')).toMatchObject({ status: 'warn' });
    expect(dkim('PENDING').message).toContain('has not found its CNAME records in DNS yet');
    expect(dkim('FAILED').message).toContain('DKIM for mail.example.com is FAILED');
  });

  it('fails when SES paused sending or shut the account down, and warns on probation', () => {
    const sending = (a: Partial<SesAccountFacts>) =>
      byId(emailChecks(facts({ account: { value: { ...PRODUCTION, ...a } } })), 'sending');

    expect(sending({ sendingEnabled: false })).toMatchObject({ status: 'fail' });
    expect(sending({ sendingEnabled: false }).message).toContain('email sending is paused');
    expect(sending({ enforcementStatus: 'SHUTDOWN' }).status).toBe('fail');
    expect(sending({ enforcementStatus: 'PROBATION' }).status).toBe('warn');
  });

  it('says how many days a campaign needs when it exceeds the daily quota', () => {
    const check = byId(emailChecks(facts(), 21_215), 'quota');

    expect(check.status).toBe('warn');
    expect(check.message).toMatch(/^21,215 emails need 3 days at the current 10,000\/day quota/);
    expect(check.message).toContain('manage-sending-quotas-request-increase');
  });

  it('passes a campaign within the quota, with the time the send rate needs', () => {
    const check = byId(emailChecks(facts(), 8_000), 'quota');

    expect(check).toMatchObject({
      status: 'ok',
      message:
        '8,000 emails fit the 10,000/day quota (0 sent in the last 24 h); at 14/s they take at least 10 min',
    });
  });

  it('warns when what was sent in the last 24 hours leaves too little of the quota for now', () => {
    const busy = { ...PRODUCTION, sentLast24Hours: 9_000 };
    const check = byId(emailChecks(facts({ account: { value: busy } }), 5_000), 'quota');

    expect(check.status).toBe('warn');
    expect(check.message).toContain('9,000 sent in the last 24 h leave 1,000 for now');
  });

  it('fails an account that SES allows no emails a day, and passes any volume when there is no daily limit', () => {
    const quota = (max24HourSend: number) =>
      byId(emailChecks(facts({ account: { value: { ...PRODUCTION, max24HourSend } } }), 1_000_000), 'quota');

    expect(quota(0)).toMatchObject({ status: 'fail' });
    expect(quota(0).message).toContain('SES allows no emails a day in eu-west-1');
    expect(quota(-1)).toMatchObject({ status: 'ok' });
    expect(quota(-1).message).toMatch(
      /^1,000,000 emails: no daily limit; at 14\/s they take at least 19\.8 h$/,
    );
  });

  it('without a volume, reports the quota and rate and asks for --volume', () => {
    const check = byId(emailChecks(facts({ account: { value: SANDBOX } })), 'quota');

    expect(check.message).toBe(
      '200/day at 1/s, 0 sent in the last 24 h — pass --volume <customers> to compare with a campaign',
    );
  });

  it('fails each check whose facts could not be read, naming the call that failed', () => {
    const denied = { error: 'ses:GetAccount failed — AccessDeniedException: not authorized' };
    const checks = emailChecks(facts({ account: denied }));

    for (const id of ['production-access', 'sending', 'quota'])
      expect(byId(checks, id)).toMatchObject({
        status: 'fail',
        message: 'could not check it: ses:GetAccount failed — AccessDeniedException: not authorized',
      });
    expect(byId(checks, 'identity').status).toBe('ok');
  });

  it('fails a sender that holds no address', () => {
    const check = byId(emailChecks(facts({ from: 'Example Shop' })), 'identity');

    expect(check.status).toBe('fail');
    expect(check.message).toContain("journeys.emailFrom 'Example Shop' holds no email address");
  });

  it("warns of a configured send rate above the account's maximum (the journeys pace at the account's), and passes one within it", () => {
    const over = byId(emailChecks({ ...facts(), emailPerSecond: 20 }), 'pace');
    expect(over.status).toBe('warn');
    expect(over.message).toContain(
      "above the account's maximum send rate of 14/s in eu-west-1: the journeys send at 14/s",
    );
    expect(byId(emailChecks({ ...facts(), emailPerSecond: 14 }), 'pace').status).toBe('ok');
    expect(emailChecks(facts()).some((c) => c.id === 'email.pace')).toBe(false);
  });
});
