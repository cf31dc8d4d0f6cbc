/**
 * How the SES and SNS adapters tell a provider's answers apart, against mocked SDK clients (the
 * emulators cannot produce these errors): a refusal no retry mends, a paused account, a rate or
 * quota exceeded, and anything ambiguous — each becomes what the journey step acts on. Plus the
 * exact request each adapter makes.
 */
import {
  AccountSuspendedException,
  LimitExceededException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { InternalErrorException, PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../../functions/adapters/ses-email-sender.js';
import { SnsSmsSender } from '../../../functions/adapters/sns-senders.js';
import {
  PermanentSendError,
  ProviderPausedError,
  ProviderThrottledError,
} from '../../../functions/ports/message-senders.js';

const meta = { $metadata: {}, message: 'refused' };
const email = {
  to: 'kim@example.com',
  subject: 'We miss you',
  html: '<p>Hi</p>',
  text: 'Hi',
  unsubscribeUrl: 'https://links.example.com/u/s-1',
  tags: { campaign: 'spring', step: 'email', send: 's-1' },
};
const sms = { phone: '+14155550100', body: 'Hi', sendId: 's-2' };

describe('SES email sender', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());
  const sender = () =>
    new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), {
      from: 'Shop <winback@mail.example.com>',
      configurationSet: 'reactivate-prod',
    });

  it('sends through the configuration set with tags and the RFC 8058 one-click unsubscribe headers', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    const result = await sender().send(email);

    // Assess
    expect(result).toEqual({ messageId: 'm-1' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toMatchObject({
      FromEmailAddress: 'Shop <winback@mail.example.com>',
      Destination: { ToAddresses: ['kim@example.com'] },
      ConfigurationSetName: 'reactivate-prod',
      EmailTags: [
        { Name: 'campaign', Value: 'spring' },
        { Name: 'step', Value: 'email' },
        { Name: 'send', Value: 's-1' },
      ],
      Content: {
        Simple: {
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://links.example.com/u/s-1>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });

  it('tells a refusal, a paused account and a rate or quota exceeded apart, and passes anything else on', async () => {
    const cases = [
      [new MessageRejected(meta), PermanentSendError],
      [new AccountSuspendedException(meta), ProviderPausedError],
      [new TooManyRequestsException(meta), ProviderThrottledError],
      [new LimitExceededException(meta), ProviderThrottledError],
    ] as const;
    for (const [error, expected] of cases) {
      ses.on(SendEmailCommand).rejects(error);
      await expect(sender().send(email), error.name).rejects.toBeInstanceOf(expected);
    }
    // The rate clears within a minute, the daily quota not before an hour.
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException(meta));
    await expect(sender().send(email)).rejects.toMatchObject({ retryAfterMs: 60_000 });
    ses.on(SendEmailCommand).rejects(new LimitExceededException(meta));
    await expect(sender().send(email)).rejects.toMatchObject({ retryAfterMs: 3_600_000 });
    // A reset connection may come after SES took the message: passed on as it is (ambiguous).
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    ses.on(SendEmailCommand).rejects(reset);
    await expect(sender().send(email)).rejects.toBe(reset);
  });
});

describe('SNS SMS sender', () => {
  const sns = mockClient(SNSClient);
  afterEach(() => sns.reset());
  const sender = () =>
    new SnsSmsSender(new SNSClient({ region: 'us-east-1' }), {
      smsType: 'Promotional',
      originationNumber: '+18005550100',
    });

  it('publishes to the number with the SMS type and the origination identity', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 's-1' });

    expect(await sender().send(sms)).toEqual({ messageId: 's-1' });

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+14155550100',
      Message: 'Hi',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+18005550100' },
      },
    });
  });

  it('defers on throttling, and passes a service error on for the state machine to retry', async () => {
    sns.on(PublishCommand).rejects(new ThrottledException(meta));
    await expect(sender().send(sms)).rejects.toMatchObject({
      name: 'ProviderThrottledError',
      retryAfterMs: 60_000,
    });
    const internal = new InternalErrorException(meta);
    sns.on(PublishCommand).rejects(internal);
    await expect(sender().send(sms)).rejects.toBe(internal);
  });
});
