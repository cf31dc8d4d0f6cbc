/**
 * The SES account's maximum send rate (GetAccount's SendQuota.MaxSendRate), read at most every
 * few minutes per Lambda instance: SES raises it as an account sends well, and lowers nothing
 * without notice, so a value minutes old is good enough, and one read per instance costs nothing
 * against the sends it paces. A failed read keeps the last value it had (or none): pacing then
 * falls back to the configured rate, and SES's own throttling is still met by the deferral path.
 */
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendQuota } from '../ports/send-quota.js';

const FRESH_MS = 5 * 60_000;

export class SesSendQuota implements SendQuota {
  private known?: { rate: number | undefined; at: number };
  private reading?: Promise<number | undefined>;

  constructor(
    private readonly ses: SESv2Client,
    private readonly now: () => number = Date.now,
  ) {}

  async emailPerSecond(): Promise<number | undefined> {
    if (this.known && this.now() - this.known.at < FRESH_MS) return this.known.rate;
    // Concurrent steps of one instance share one read.
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<number | undefined> {
    try {
      const maximum = (await this.ses.send(new GetAccountCommand({}))).SendQuota?.MaxSendRate;
      const rate = maximum && maximum > 0 ? maximum : undefined;
      this.known = { rate, at: this.now() };
      return rate;
    } catch {
      // Unreadable now (throttled, a network fault): keep the last value, ask again next time.
      return this.known?.rate;
    }
  }
}
