/**
 * The SES account's maximum send rate as read from GetAccount, against a mocked SDK client (the
 * local stack never throttles GetAccount): SES's rate, none when it names none, and one attempt —
 * a throttled read is the caller's to fall back from, not a step left waiting on retries.
 */
import { GetAccountCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesSendQuota } from '../../../functions/adapters/ses-send-quota.js';

describe('SES send quota', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());

  it("reads the account's maximum send rate", async () => {
    ses
      .on(GetAccountCommand)
      .resolves({ SendQuota: { MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 3 } });
    expect(await new SesSendQuota().emailPerSecond()).toBe(14);
  });

  it('knows no rate when SES answers none (or zero)', async () => {
    ses
      .on(GetAccountCommand)
      .resolvesOnce({ SendQuota: { MaxSendRate: 0 } })
      .resolves({});
    expect(await new SesSendQuota().emailPerSecond()).toBeUndefined();
    expect(await new SesSendQuota().emailPerSecond()).toBeUndefined();
  });

  it('asks once when SES throttles, and passes the refusal on', async () => {
    ses
      .on(GetAccountCommand)
      .rejects(new TooManyRequestsException({ $metadata: {}, message: 'Rate exceeded' }));
    await expect(new SesSendQuota().emailPerSecond()).rejects.toThrow('Rate exceeded');
    expect(ses.commandCalls(GetAccountCommand)).toHaveLength(1);
  });
});
