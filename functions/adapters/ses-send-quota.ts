/**
 * The SES account's maximum send rate (GetAccount's SendQuota.MaxSendRate), read once per call:
 * the journeys share one reading through dynamodb-shared-send-quota.ts, the preview asks for
 * itself. One attempt with a short timeout — a step must not wait on it, and a failure only means
 * pacing by the last known or the configured rate. Undefined when SES names no rate.
 */
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendQuota } from '../ports/send-quota.js';

export class SesSendQuota implements SendQuota {
  constructor(
    private readonly ses: SESv2Client = new SESv2Client({
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
    }),
  ) {}

  async emailPerSecond(): Promise<number | undefined> {
    const maximum = (await this.ses.send(new GetAccountCommand({}))).SendQuota?.MaxSendRate;
    return maximum && maximum > 0 ? maximum : undefined;
  }
}
