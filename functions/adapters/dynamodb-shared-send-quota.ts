/**
 * The SES account's maximum send rate, shared by every function of the stage through one item of
 * the slots table (`quota#email`: `rate`, `readAt`). SES answers GetAccount about once a second
 * per account, and a launch scales StartJourney out to hundreds of instances at once: each asking
 * SES would be throttled, and each pacing by its own answer would fill the same minute's bucket
 * with slots of different spacings. So one reader at a time refreshes the item — whoever finds it
 * older than ten minutes and wins a conditional lease — and everyone else reads the item, kept a
 * minute per instance. A failed refresh keeps the value there was (the lease holds off the others
 * for half a minute); with no value ever read, the configured rate applies.
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
const STALE_MS = 10 * 60_000;
const LEASE_MS = 30_000;

export class DynamoSharedSendQuota implements SendQuota {
  private local?: { rate: number | undefined; at: number };

  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
    /** Where the rate comes from: SES GetAccount (asked by the lease holder only). */
    private readonly source: SendQuota,
    // Wall-clock time even on a sped-up local stack: how often SES is asked is about its API's
    // limits, not about the customers' days.
    private readonly now: () => number = Date.now,
  ) {}

  async emailPerSecond(): Promise<number | undefined> {
    if (this.local && this.now() - this.local.at < LOCAL_MS) return this.local.rate;
    const item = (
      await this.db.send(new GetItemCommand({ TableName: this.table, Key: KEY, ConsistentRead: true }))
    ).Item;
    const stored = item?.rate?.N !== undefined ? Number(item.rate.N) : undefined;
    const readAt = item?.readAt?.N !== undefined ? Number(item.readAt.N) : undefined;
    let rate = stored;
    if (readAt === undefined || this.now() - readAt >= STALE_MS) rate = (await this.refresh()) ?? stored;
    this.local = { rate, at: this.now() };
    return rate;
  }

  /** Asks the source if this instance wins the lease; undefined when it did not, or the source failed. */
  private async refresh(): Promise<number | undefined> {
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
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
    const rate = await this.source.emailPerSecond().catch(() => undefined);
    // Unreadable: the lease stays until it expires, so others do not all ask SES meanwhile.
    if (rate === undefined) return undefined;
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: KEY,
        UpdateExpression: 'SET rate = :rate, readAt = :at REMOVE leaseUntil',
        ExpressionAttributeValues: { ':rate': { N: String(rate) }, ':at': { N: String(this.now()) } },
      }),
    );
    return rate;
  }
}
