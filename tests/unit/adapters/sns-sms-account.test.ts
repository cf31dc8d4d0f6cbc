/**
 * How the SNS account adapter of the readiness check reads SNS, against a mocked SDK client. It
 * catches no exception: a denied permission, throttling or an internal error reaches the check
 * unchanged (to be reported as a check it could not make), never read as an answer. What it
 * does decide is what a missing answer means — a sandbox status SNS leaves out is the sandbox,
 * an unset spend limit is null — and it lists every page of origination numbers. Plus the exact
 * requests it makes.
 */
import {
  AuthorizationErrorException,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  InternalErrorException,
  ListOriginationNumbersCommand,
  SNSClient,
  ThrottledException,
  ValidationException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SnsSmsAccount } from '../../../functions/adapters/sns-sms-account.js';

const meta = { $metadata: {}, message: 'refused' };
const denied = (action: string) =>
  new AuthorizationErrorException({ ...meta, message: `User is not authorized to perform: ${action}` });

describe('SNS SMS account', () => {
  const sns = mockClient(SNSClient);
  afterEach(() => sns.reset());
  const account = () => new SnsSmsAccount(new SNSClient({ region: 'us-east-1' }));

  it('lists the origination numbers of every page, and skips an entry without a number', async () => {
    // Prepare
    sns
      .on(ListOriginationNumbersCommand, {})
      .resolves({
        PhoneNumbers: [
          {
            PhoneNumber: '+18005550100',
            Status: 'ACTIVE',
            Iso2CountryCode: 'US',
            RouteType: 'Transactional',
            NumberCapabilities: ['SMS'],
          },
          { Status: 'ACTIVE' },
        ],
        NextToken: 'page-2',
      })
      .on(ListOriginationNumbersCommand, { NextToken: 'page-2' })
      .resolves({ PhoneNumbers: [{ PhoneNumber: '+18005550101' }] });

    // Act
    const numbers = await account().originationNumbers();

    // Assess
    expect(numbers).toEqual([
      {
        phoneNumber: '+18005550100',
        status: 'ACTIVE',
        countryCode: 'US',
        routeType: 'Transactional',
        capabilities: ['SMS'],
      },
      { phoneNumber: '+18005550101', status: 'UNKNOWN', capabilities: [] },
    ]);
    // Two requests, the second with the first page's token (the paginator reuses one input object,
    // so the recorded inputs cannot tell the pages apart; the answers above show both were read).
    expect(sns.commandCalls(ListOriginationNumbersCommand)).toHaveLength(2);
  });

  it('asks for the monthly spend limit alone and reads it in USD, null when the account never set one', async () => {
    // Prepare
    sns
      .on(GetSMSAttributesCommand)
      .resolvesOnce({ attributes: { MonthlySpendLimit: '1000' } })
      .resolvesOnce({ attributes: { MonthlySpendLimit: '' } })
      .resolvesOnce({ attributes: {} })
      .resolvesOnce({});

    // Act
    const limits = [];
    for (let i = 0; i < 4; i++) limits.push(await account().monthlySpendLimit());

    // Assess
    expect(limits).toEqual([1000, null, null, null]);
    expect(sns.commandCalls(GetSMSAttributesCommand)[0]?.args[0].input).toEqual({
      attributes: ['MonthlySpendLimit'],
    });
  });

  it('reads the sandbox status, and an answer without one as the sandbox', async () => {
    // Prepare
    sns
      .on(GetSMSSandboxAccountStatusCommand)
      .resolvesOnce({ IsInSandbox: false })
      .resolvesOnce({ IsInSandbox: true })
      .resolvesOnce({});

    // Act
    const sandbox = [];
    for (let i = 0; i < 3; i++) sandbox.push(await account().inSandbox());

    // Assess
    expect(sandbox).toEqual([false, true, true]);
    expect(sns.commandCalls(GetSMSSandboxAccountStatusCommand)[0]?.args[0].input).toEqual({});
  });

  it('passes every refusal of each call on unchanged, a denied permission included', async () => {
    const calls: [
      action: string,
      refuse: (error: Error) => void,
      call: (a: SnsSmsAccount) => Promise<unknown>,
    ][] = [
      [
        'ListOriginationNumbers',
        (e) => sns.on(ListOriginationNumbersCommand).rejects(e),
        (a) => a.originationNumbers(),
      ],
      ['GetSMSAttributes', (e) => sns.on(GetSMSAttributesCommand).rejects(e), (a) => a.monthlySpendLimit()],
      [
        'GetSMSSandboxAccountStatus',
        (e) => sns.on(GetSMSSandboxAccountStatusCommand).rejects(e),
        (a) => a.inSandbox(),
      ],
    ];
    for (const [action, refuse, call] of calls) {
      const errors = [
        denied(`SNS:${action}`),
        new ThrottledException(meta),
        new InternalErrorException(meta),
        new ValidationException({ ...meta, Message: 'refused' }),
      ];
      for (const error of errors) {
        sns.reset();
        refuse(error);
        await expect(call(account()), `${action} ${error.name}`).rejects.toBe(error);
      }
    }
  });

  it('gives no partial list when a later page is refused', async () => {
    // Prepare
    const throttled = new ThrottledException(meta);
    sns
      .on(ListOriginationNumbersCommand, {})
      .resolves({ PhoneNumbers: [{ PhoneNumber: '+18005550100' }], NextToken: 'page-2' })
      .on(ListOriginationNumbersCommand, { NextToken: 'page-2' })
      .rejects(throttled);

    // Act
    const numbers = account().originationNumbers();

    // Assess
    await expect(numbers).rejects.toBe(throttled);
  });
});
