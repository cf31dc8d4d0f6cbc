/**
 * Offer codes on DynamoDB, one table keyed by `codeKey`:
 *  - `pool#<poolId>`: the pool's header (size, expiry, `claimed` counter, `state`);
 *  - `pool#<poolId>#<n>`: the pool's n-th code (file order);
 *  - `code#<CODE>`: a code given out, with its holder (the journey): what a redemption looks up.
 *
 * A claim is one conditional counter update (`claimed + 1` while below the size): the counter is
 * the only thing claims contend on, so two claims can never get the same position, however many
 * run at once, and no position is skipped. The position is then written as the journey's
 * (`claim#<poolId>#<campaignId>#<customerId>`), so a retried step gets the same code again. The code's own `code#` item is then written
 * conditionally, which refuses a code some other pool gave out already (the claim moves on).
 * An upload writes the codes first and makes the header `ready` last: a pool is claimable only
 * once all of it is stored.
 */

import {
  type DynamoDBClient,
  PutItemCommand,
  ReturnValue,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type CodePool, type CodePoolStatus, codeKey } from '../domain/journey/offer-codes.js';
import type { CodeHolder, OfferCodeStore, PoolClaim } from '../ports/offer-code-store.js';
import { batchPut, conditionHeld, fromItem, getItem, toItem } from './dynamodb-batch.js';

const KEY = 'codeKey';
const poolKey = (poolId: string) => `pool#${poolId}`;
const positionKey = (poolId: string, n: number) => `pool#${poolId}#${n}`;
const givenKey = (code: string) => `code#${codeKey(code)}`;

/** An upload that has not finished in this long died: another may take the pool id over. */
const STALE_UPLOAD_MS = 15 * 60_000;

interface PoolHeader extends CodePool {
  state: 'uploading' | 'ready';
  claimed?: number;
}

export class DynamoOfferCodeStore implements OfferCodeStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async createPool(pool: CodePool, codes: readonly string[]): Promise<'created' | 'exists' | 'uploading'> {
    const header = { [KEY]: poolKey(pool.poolId), ...pool, state: 'uploading', claimed: 0 };
    const stale = new Date(Date.parse(pool.uploadedAt) - STALE_UPLOAD_MS).toISOString();
    const taken = await conditionHeld(() =>
      this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem(header),
          // New; or an upload of this id not finished: the same file sent again (a request that
          // timed out, resumed), or one that died long ago.
          ConditionExpression:
            'attribute_not_exists(#key) OR (#state = :uploading AND (#hash = :hash OR #uploadedAt < :stale))',
          ExpressionAttributeNames: {
            '#key': KEY,
            '#state': 'state',
            '#uploadedAt': 'uploadedAt',
            '#hash': 'contentHash',
          },
          ExpressionAttributeValues: toItem({
            ':uploading': 'uploading',
            ':stale': stale,
            ':hash': pool.contentHash,
          }),
        }),
      ),
    );
    if (!taken) {
      const stored = await getItem<PoolHeader>(this.db, this.table, { [KEY]: poolKey(pool.poolId) });
      // The same file again after it was stored whole: the upload it repeats succeeded.
      if (stored?.state === 'ready' && stored.contentHash === pool.contentHash) return 'created';
      return stored?.state === 'uploading' ? 'uploading' : 'exists';
    }
    await batchPut(
      this.db,
      this.table,
      codes.map((code, n) => ({ [KEY]: positionKey(pool.poolId, n), code })),
    );
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: toItem({ [KEY]: poolKey(pool.poolId) }),
        UpdateExpression: 'SET #state = :ready',
        ConditionExpression: '#uploadedAt = :uploadedAt',
        ExpressionAttributeNames: { '#state': 'state', '#uploadedAt': 'uploadedAt' },
        ExpressionAttributeValues: toItem({ ':ready': 'ready', ':uploadedAt': pool.uploadedAt }),
      }),
    );
    return 'created';
  }

  async pool(poolId: string, today: string): Promise<CodePoolStatus | undefined> {
    const header = await getItem<PoolHeader & { codeKey: string }>(this.db, this.table, {
      [KEY]: poolKey(poolId),
    });
    if (header?.state !== 'ready') return undefined;
    const { codeKey: _, state: __, claimed = 0, ...pool } = header;
    const used = Math.min(claimed, pool.size);
    return { ...pool, claimed: used, remaining: pool.size - used, expired: pool.expiresOn < today };
  }

  async claimFromPool(poolId: string, holder: CodeHolder, at: string, today: string): Promise<PoolClaim> {
    // A retried claim of the same journey (its step failed after claiming) finds the position it
    // took: the code is the same one, not another spent.
    const claimKey = `claim#${poolId}#${holder.campaignId}#${holder.customerId}`;
    const prior = await getItem<{ position: number; poolExpiresOn: string }>(this.db, this.table, {
      [KEY]: claimKey,
    });
    if (prior) {
      const code = await this.codeAt(poolId, prior.position, holder, at);
      if (code) return { kind: 'code', code, poolExpiresOn: prior.poolExpiresOn };
    }
    for (;;) {
      let header: PoolHeader;
      try {
        const out = await this.db.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: toItem({ [KEY]: poolKey(poolId) }),
            UpdateExpression: 'ADD #claimed :one',
            // Expiry checked by the claim itself: no read of the pool before every claim.
            ConditionExpression: '#state = :ready AND #claimed < #size AND #expiresOn >= :today',
            ExpressionAttributeNames: {
              '#claimed': 'claimed',
              '#size': 'size',
              '#state': 'state',
              '#expiresOn': 'expiresOn',
            },
            ExpressionAttributeValues: toItem({ ':one': 1, ':ready': 'ready', ':today': today }),
            ReturnValues: ReturnValue.ALL_NEW,
          }),
        );
        header = fromItem<PoolHeader>(out.Attributes ?? {});
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        const pool = await this.pool(poolId, today);
        return !pool ? { kind: 'unknown' } : pool.expired ? { kind: 'expired' } : { kind: 'exhausted' };
      }
      const position = (header.claimed ?? 1) - 1;
      // The position is the journey's before anything else can fail: only a process that dies
      // between these two writes loses a code.
      await this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ [KEY]: claimKey, position, poolExpiresOn: header.expiresOn, claimedAt: at }),
        }),
      );
      const code = await this.codeAt(poolId, position, holder, at);
      if (code) return { kind: 'code', code, poolExpiresOn: header.expiresOn };
      // Given out already (the same code in another pool): this position is spent, take the next.
    }
  }

  /** The code at a position, registered to the holder; undefined when another holds it. */
  private async codeAt(poolId: string, position: number, holder: CodeHolder, at: string) {
    const item = await getItem<{ code: string }>(this.db, this.table, {
      [KEY]: positionKey(poolId, position),
    });
    if (!item) throw new Error(`pool '${poolId}' has no code at position ${position}`);
    if (await this.register(item.code, holder, at, poolId)) return item.code;
    const other = await this.holderOf(item.code);
    return other?.campaignId === holder.campaignId && other.customerId === holder.customerId
      ? item.code
      : undefined;
  }

  register(code: string, holder: CodeHolder, at: string, poolId?: string): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({
            [KEY]: givenKey(code),
            code,
            ...holder,
            givenAt: at,
            ...(poolId ? { poolId } : {}),
          }),
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': KEY },
        }),
      ),
    );
  }

  async holderOf(code: string): Promise<CodeHolder | undefined> {
    const item = await getItem<CodeHolder>(this.db, this.table, { [KEY]: givenKey(code) });
    return item && { campaignId: item.campaignId, customerId: item.customerId };
  }
}
