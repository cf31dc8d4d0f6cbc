/**
 * How the SES account adapter of the readiness check reads SES v2, against a mocked SDK client
 * (the local stack never denies or throttles): an identity SES does not know (NotFoundException)
 * is the answer null, and every other refusal — a denied permission, throttling, a bad request,
 * a reset connection — is passed on unchanged, for the check to report as one it could not make.
 * Plus the exact requests it makes and how it reads SES's answers, fields SES leaves out included.
 */
import {
  BadRequestException,
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException,
  SESv2Client,
  SESv2ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailAccount } from '../../../functions/adapters/ses-email-account.js';

const meta = { $metadata: {}, message: 'refused' };
/** What SES answers a role without the permission (an error it does not model). */
const denied = (action: string) =>
  new SESv2ServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: ${action}`,
  });

describe('SES email account', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());
  const account = () => new SesEmailAccount(new SESv2Client({ region: 'eu-west-1' }));

  it("reads the account's production access, sending status and quota, and its production-access request", async () => {
    // Prepare
    ses.on(GetAccountCommand).resolves({
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      EnforcementStatus: 'HEALTHY',
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 12 },
      Details: { ReviewDetails: { Status: 'PENDING', CaseId: 'case-1' } },
    });

    // Act
    const facts = await account().account();

    // Assess
    expect(facts).toEqual({
      productionAccess: false,
      sendingEnabled: true,
      enforcementStatus: 'HEALTHY',
      max24HourSend: 200,
      maxSendRate: 1,
      sentLast24Hours: 12,
      review: { status: 'PENDING', caseId: 'case-1' },
    });
    expect(ses.commandCalls(GetAccountCommand)[0]?.args[0].input).toEqual({});
  });

  it('reads what SES leaves out of GetAccount as the worst case: no production access, sending off', async () => {
    // Prepare
    ses.on(GetAccountCommand).resolves({});

    // Act
    const facts = await account().account();

    // Assess
    expect(facts).toEqual({
      productionAccess: false,
      sendingEnabled: false,
      enforcementStatus: 'UNKNOWN',
      max24HourSend: 0,
      maxSendRate: 0,
      sentLast24Hours: 0,
    });
  });

  it('asks about one identity by name and reads its verification and Easy DKIM', async () => {
    // Prepare
    ses.on(GetEmailIdentityCommand).resolves({
      IdentityType: 'DOMAIN',
      VerificationStatus: 'SUCCESS',
      VerifiedForSendingStatus: true,
      DkimAttributes: { SigningEnabled: true, Status: 'SUCCESS' },
    });

    // Act
    const facts = await account().identity('shop.example');

    // Assess
    expect(facts).toEqual({
      verificationStatus: 'SUCCESS',
      verifiedForSending: true,
      dkim: { signingEnabled: true, status: 'SUCCESS' },
    });
    expect(ses.commandCalls(GetEmailIdentityCommand)[0]?.args[0].input).toEqual({
      EmailIdentity: 'shop.example',
    });
  });

  it('reads an identity without DKIM attributes or a verification status from whether it may send', async () => {
    // Prepare
    ses.on(GetEmailIdentityCommand).resolvesOnce({ VerifiedForSendingStatus: true }).resolvesOnce({});

    // Act
    const verified = await account().identity('winback@shop.example');
    const unknown = await account().identity('winback@shop.example');

    // Assess
    expect(verified).toEqual({ verificationStatus: 'SUCCESS', verifiedForSending: true, dkim: null });
    expect(unknown).toEqual({ verificationStatus: 'NOT_STARTED', verifiedForSending: false, dkim: null });
  });

  it('answers null for an identity SES does not know in the region', async () => {
    // Prepare
    ses.on(GetEmailIdentityCommand).rejects(new NotFoundException(meta));

    // Act
    const facts = await account().identity('shop.example');

    // Assess
    expect(facts).toBeNull();
  });

  it('passes any other refusal of GetEmailIdentity on unchanged, a denied permission included', async () => {
    const errors = [
      denied('ses:GetEmailIdentity'),
      new TooManyRequestsException(meta),
      new BadRequestException(meta),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      ses.on(GetEmailIdentityCommand).rejects(error);
      await expect(account().identity('shop.example'), error.name).rejects.toBe(error);
    }
  });

  it('passes every refusal of GetAccount on unchanged: an account always exists', async () => {
    const errors = [
      denied('ses:GetAccount'),
      new TooManyRequestsException(meta),
      new NotFoundException(meta),
    ];
    for (const error of errors) {
      ses.on(GetAccountCommand).rejects(error);
      await expect(account().account(), error.name).rejects.toBe(error);
    }
  });
});
