/**
 * Email through SES v2: simple content with the configuration set (its events feed bounces,
 * complaints and deliveries back), message tags naming campaign, step and send id (never the
 * address), and the RFC 8058 one-click unsubscribe headers. Refusals that no retry can fix
 * (`MessageRejected`, an unverified sender) become `PermanentSendError`; the maximum send rate
 * or the daily quota `ProviderThrottledError` (the step defers itself, with jitter); service
 * errors are thrown as they are, for the state machine's retry.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

import {
  type EmailMessage,
  type EmailSender,
  PermanentSendError,
  ProviderPausedError,
  ProviderThrottledError,
} from '../ports/message-senders.js';

const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'NotFoundException',
]);

/** SES stopped all sending (reputation, suspension): no email can go, whoever it is for. */
const PAUSED = new Set(['AccountSuspendedException', 'SendingPausedException']);
/** Over the maximum send rate (a minute is plenty), or the daily quota (an hour, then again). */
const THROTTLED: Record<string, number> = {
  TooManyRequestsException: 60_000,
  LimitExceededException: 3_600_000,
};

/** Tag values allow only ASCII letters, digits, _ - . @; ours are ids. */
const tagSafe = (value: string) => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

export class SesEmailSender implements EmailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly settings: { from: string; configurationSet?: string },
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.settings.from,
          Destination: { ToAddresses: [message.to] },
          ...(this.settings.configurationSet ? { ConfigurationSetName: this.settings.configurationSet } : {}),
          EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value: tagSafe(Value) })),
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: message.html, Charset: 'UTF-8' },
                Text: { Data: message.text, Charset: 'UTF-8' },
              },
              Headers: [
                { Name: 'List-Unsubscribe', Value: `<${message.unsubscribeUrl}>` },
                { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
              ],
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? 'unknown' };
    } catch (error) {
      const retryAfter = error instanceof Error ? THROTTLED[error.name] : undefined;
      if (retryAfter)
        throw new ProviderThrottledError(`SES throttled the email: ${(error as Error).name}`, retryAfter);
      if (error instanceof Error && PAUSED.has(error.name))
        throw new ProviderPausedError(`SES stopped sending: ${error.name}`);
      if (error instanceof Error && PERMANENT.has(error.name))
        throw new PermanentSendError(`SES refused the email: ${error.name}`);
      throw error;
    }
  }
}
