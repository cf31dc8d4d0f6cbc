/**
 * SNS: SMS straight to a phone number (transactional or promotional, origination identity from
 * the configuration) and the managers' topic for new call tasks. SNS has no idempotency key for
 * SMS; the send ledger is what keeps a message single.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { CallTask } from '../domain/journey/call-task.js';
import type { ManagerNotifier } from '../ports/manager-notifier.js';
import { PermanentSendError, ProviderThrottledError, type SmsSender } from '../ports/message-senders.js';

const PERMANENT = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'OptedOutException',
]);

export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly sns: SNSClient,
    private readonly settings: {
      smsType: 'Transactional' | 'Promotional';
      originationNumber?: string;
      senderId?: string;
    },
  ) {}

  async send(message: { phone: string; body: string; sendId: string }): Promise<{ messageId: string }> {
    const attributes: Record<string, { DataType: string; StringValue: string }> = {
      'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: this.settings.smsType },
    };
    if (this.settings.originationNumber)
      attributes['AWS.MM.SMS.OriginationNumber'] = {
        DataType: 'String',
        StringValue: this.settings.originationNumber,
      };
    if (this.settings.senderId)
      attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.settings.senderId };
    try {
      const out = await this.sns.send(
        new PublishCommand({
          PhoneNumber: message.phone,
          Message: message.body,
          MessageAttributes: attributes,
        }),
      );
      return { messageId: out.MessageId ?? 'unknown' };
    } catch (error) {
      if (error instanceof Error && PERMANENT.has(error.name))
        throw new PermanentSendError(`SNS refused the SMS: ${error.name}`);
      // Over the account's or the origination identity's messages per second: a minute, then again.
      if (error instanceof Error && error.name === 'ThrottledException')
        throw new ProviderThrottledError(`SNS throttled the SMS: ${error.name}`, 60_000);
      throw error;
    }
  }
}

/** Tells managers a call task is waiting: identifiers only, the task holds the details. */
export class SnsManagerNotifier implements ManagerNotifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(task: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: 'New call task',
        Message: JSON.stringify({ type: 'call-task', ...task }),
      }),
    );
  }
}
