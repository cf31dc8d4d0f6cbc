/**
 * The message providers a journey's steps send through (adapters: SES v2, SNS), and how a
 * provider's refusal reaches the step: as one of the errors below, each of which the step treats
 * in its own way — skip the channel, pause the campaign, or try again later. Anything else a
 * sender throws is ambiguous (the provider may have taken the message) and is retried by the
 * state machine, the send ledger making sure nothing goes out twice.
 */

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** RFC 8058 one-click unsubscribe URL (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl: string;
  /** Message tags for the configuration set's events: campaign, step, send id. No PII. */
  tags: Record<string, string>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

export interface SmsSender {
  send(message: { phone: string; body: string; sendId: string }): Promise<{ messageId: string }>;
}

/** A provider refusal that retrying cannot fix: the channel is skipped, the journey goes on. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

/**
 * The provider stopped all sending (SES sending paused, account suspended). Skipping would push
 * every journey on to the next channel; instead the campaign pauses itself until someone looks.
 */
export class ProviderPausedError extends Error {
  override readonly name = 'ProviderPausedError';
}

/**
 * The provider refused the message for now: its rate (SES's maximum send rate, SNS's
 * messages per second) or its daily quota. Nothing was sent; the step tries again after
 * `retryAfterMs` plus jitter, so a burst of journeys does not come back as one burst — and never
 * ends the journey failed, as a task failure past its retries would.
 */
export class ProviderThrottledError extends Error {
  override readonly name = 'ProviderThrottledError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
