/**
 * Customers' latest scores: one item per customer in the scores table, written 25 to a
 * `BatchWriteItem` (a whole item replaced, so nothing needs reading first).
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { ScoreStamp, ScoreStore, StoredScores } from '../ports/scoring-store.js';
import { batchGet, batchPut, fromItem, toItem } from './dynamodb-batch.js';

const STAMP = {
  expression: '#id, #version, #theta, #rev',
  names: { '#id': 'customerId', '#version': 'modelVersion', '#theta': 'churnThreshold', '#rev': 'statsRev' },
};

export class DynamoScoreStore implements ScoreStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async stamps(customerIds: readonly string[]): Promise<Map<string, ScoreStamp>> {
    const found = await batchGet<ScoreStamp>(
      this.db,
      this.tableName,
      customerIds.map((customerId) => ({ customerId })),
      STAMP,
    );
    return new Map(found.map((stamp) => [stamp.customerId, stamp]));
  }

  put(scores: readonly StoredScores[]): Promise<void> {
    return batchPut(this.db, this.tableName, scores as unknown as Record<string, unknown>[]);
  }

  async get(customerId: string): Promise<StoredScores | undefined> {
    const out = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: toItem({ customerId }), ConsistentRead: true }),
    );
    return out.Item ? fromItem<StoredScores>(out.Item) : undefined;
  }
}
