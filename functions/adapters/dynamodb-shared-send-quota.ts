/**
 * The SES account's maximum send rate, shared by every function of the stage through one item of
 * the slots table (`quota#email`: `rate`, `readAt`). SES answers GetAccount about once a second
 * per account, and a launch scales StartJourney out to hundreds of instances at once: each asking
 * SES would be throttled, and each pacing by its own answer would fill the same minute's bucket
 * with slots of different spacings. So one reader at a time refreshes the item — whoever finds it
 * older than ten minutes and wins a conditional lease — and everyone else reads the item, kept a
 * minute per instance. An instance that finds no value yet while another holds the lease waits
 * for that reading (a few seconds at most, once in the stage's life). A failed refresh keeps the
 * value there was (the lease holds off the others for half a minute); with no value ever read,
 * the configured rate applies.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SendQuota } from '../ports/send-quota.js';

const KEY = { slotKey: { S: 'quota#email' } };
const LOCAL_MS = 60_000;
const UNKNOWN_MS = 5_000;
const STALE_MS = 10 * 60_000;
const LEASE_MS = 30_000;
/** GetAccount's timeout (ses-send-quota.ts) and a little more. */
const FIRST_READING_MS = 3_000;
const POLL_MS = 250;

export class DynamoSharedSendQuota implements SendQuota {
  private local?: { rate: number | undefined; until: number };
  /** The read under way in this instance: steps asking together share it. */
  private reading?: Promise<number | undefined>;

  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
    /** Where the rate comes from: SES GetAccount (asked by the lease holder only). */
    private readonly source: SendQuota,
    // Wall-clock time even on a sped-up local stack: how often SES is asked is about its API's
    // limits, not about the customers' days.
    private readonly now: () => number = Date.now,
    private readonly pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async emailPerSecond(): Promise<number | undefined> {
    if (this.local && this.now() < this.local.until) return this.local.rate;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<number | undefined> {
    let { rate, readAt } = await this.stored();
    if (readAt === undefined || this.now() - readAt >= STALE_MS) {
      const refresh = await this.refresh();
      if (refresh.rate !== undefined) rate = refresh.rate;
      // Nothing read yet, and another instance is reading it: its answer is a moment away, and
      // the first sends of a launch should not go out at the configured rate meanwhile.
      else if (rate === undefined && !refresh.won) rate = await this.firstReading();
    }
    // An unknown rate is asked about again soon, a known one kept a minute.
    this.local = { rate, until: this.now() + (rate === undefined ? UNKNOWN_MS : LOCAL_MS) };
    return rate;
  }

  private async stored(): Promise<{ rate?: number; readAt?: number }> {
    const item = (
      await this.db.send(new GetItemCommand({ TableName: this.table, Key: KEY, ConsistentRead: true }))
    ).Item;
    return {
      ...(item?.rate?.N !== undefined ? { rate: Number(item.rate.N) } : {}),
      ...(item?.readAt?.N !== undefined ? { readAt: Number(item.readAt.N) } : {}),
    };
  }

  /** Waits for the lease holder's first reading, at most as long as its read may take. */
  private async firstReading(): Promise<number | undefined> {
    for (let waited = 0; waited < FIRST_READING_MS; waited += POLL_MS) {
      await this.pause(POLL_MS);
      const { rate } = await this.stored();
      if (rate !== undefined) return rate;
    }
    return undefined;
  }

  /** Asks the source if this instance wins the lease; `rate` undefined when it lost, or the source failed. */
  private async refresh(): Promise<{ won: boolean; rate?: number }> {
    const now = this.now();
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: KEY,
          UpdateExpression: 'SET leaseUntil = :until',
          // Still stale (another instance may have refreshed it since this one read it), and no
          // live lease.
          ConditionExpression:
            '(attribute_not_exists(readAt) OR readAt <= :stale) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: {
            ':until': { N: String(now + LEASE_MS) },
            ':now': { N: String(now) },
            ':stale': { N: String(now - STALE_MS) },
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { won: false };
      throw error;
    }
    const rate = await this.source.emailPerSecond().catch(() => undefined);
    // Unreadable: the lease stays until it expires, so others do not all ask SES meanwhile.
    if (rate === undefined) return { won: true };
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: KEY,
        UpdateExpression: 'SET rate = :rate, readAt = :at REMOVE leaseUntil',
        ExpressionAttributeValues: { ':rate': { N: String(rate) }, ':at': { N: String(this.now()) } },
      }),
    );
    return { won: true, rate };
  }
}
