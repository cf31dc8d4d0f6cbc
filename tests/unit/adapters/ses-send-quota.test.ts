/**
 * The SES account's maximum send rate as the email steps read it, against a mocked SDK client
 * (the local stack never throttles GetAccount): read once per five minutes per instance, once for
 * steps asking together, and a failed read keeps the last value instead of failing the step.
 */
import { GetAccountCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesSendQuota } from '../../../functions/adapters/ses-send-quota.js';

const MINUTE = 60_000;

describe('SES send quota', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());
  let now = 0;
  const quota = () => new SesSendQuota(new SESv2Client({ region: 'eu-west-1' }), () => now);
  const rate = (MaxSendRate: number) => ({
    SendQuota: { MaxSendRate, Max24HourSend: 50_000, SentLast24Hours: 0 },
  });

  it('reads the rate once for steps asking together, and again once it is five minutes old', async () => {
    // Prepare
    ses.on(GetAccountCommand).resolvesOnce(rate(1)).resolves(rate(14));
    const q = quota();

    // Act + Assess
    expect(await Promise.all([q.emailPerSecond(), q.emailPerSecond(), q.emailPerSecond()])).toEqual([
      1, 1, 1,
    ]);
    now += 4 * MINUTE;
    expect(await q.emailPerSecond()).toBe(1);
    now += 2 * MINUTE;
    expect(await q.emailPerSecond()).toBe(14);
    expect(ses.commandCalls(GetAccountCommand)).toHaveLength(2);
  });

  it('keeps the last rate when a read fails, and knows none before the first succeeds', async () => {
    // Prepare
    const throttled = new TooManyRequestsException({ $metadata: {}, message: 'Rate exceeded' });
    ses.on(GetAccountCommand).rejectsOnce(throttled).resolvesOnce(rate(14)).rejects(throttled);
    const q = quota();

    // Act + Assess
    expect(await q.emailPerSecond()).toBeUndefined();
    expect(await q.emailPerSecond()).toBe(14);
    now += 10 * MINUTE;
    expect(await q.emailPerSecond()).toBe(14);
  });

  it('knows no rate when SES answers none (or zero)', async () => {
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 0 } });
    expect(await quota().emailPerSecond()).toBeUndefined();
  });
});
