/**
 * The message providers a journey's steps send through, for use-case tests: they keep every
 * message they took, with the message id they answered, and can be told to refuse the next
 * send(s) with a given error — a PermanentSendError, ProviderPausedError or
 * ProviderThrottledError as the SES and SNS adapters throw them, or any other error (ambiguous).
 */
import type { EmailMessage, EmailSender, SmsSender } from '../../functions/ports/message-senders.js';

type SmsMessage = Parameters<SmsSender['send']>[0];

const copy = <T>(value: T): T => structuredClone(value);

class RecordingSender<M> {
  /** Messages taken, in order, each with the id the send answered. */
  readonly sent: (M & { messageId: string })[] = [];
  /** Messages refused by an error given to `failNext`, with that error. */
  readonly refused: { message: M; error: unknown }[] = [];
  private readonly failures: unknown[] = [];

  constructor(private readonly prefix: string) {}

  /** The next `times` sends throw `error` (after any failures already queued). */
  failNext(error: unknown, times = 1): this {
    for (let i = 0; i < times; i++) this.failures.push(error);
    return this;
  }

  protected async take(message: M): Promise<{ messageId: string }> {
    if (this.failures.length > 0) {
      const error = this.failures.shift();
      this.refused.push({ message: copy(message), error });
      throw error;
    }
    const messageId = `${this.prefix}-${this.sent.length + 1}`;
    this.sent.push({ ...copy(message), messageId });
    return { messageId };
  }
}

/** SES: message ids `email-1`, `email-2`… */
export class RecordingEmailSender extends RecordingSender<EmailMessage> implements EmailSender {
  constructor() {
    super('email');
  }

  send(message: EmailMessage) {
    return this.take(message);
  }
}

/** SNS: message ids `sms-1`, `sms-2`… */
export class RecordingSmsSender extends RecordingSender<SmsMessage> implements SmsSender {
  constructor() {
    super('sms');
  }

  send(message: SmsMessage) {
    return this.take(message);
  }
}
