/**
 * Customers' latest scores: one item per customer in the scores table, written 25 to a
 * `BatchWriteItem` (a whole item replaced, so nothing needs reading first).
 */
import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { CustomerScores } from '../domain/scoring/customer-scores.js';
import type { ScoreStamp, ScoreStore, StoredScores } from '../ports/scoring-store.js';
import { batchGet, batchPut, fromItem, toItem } from './dynamodb-batch.js';

/**
 * Scores that are often empty: an item leaves them out when they are (sparse attributes, the
 * DynamoDB way), and readers put them back as null or []. A one-time buyer — most of a shop's
 * customers — has no regularity, gap CV, mean repeat value or lapsed category; four attributes
 * fewer are a fifth of what writing the item costs dynalite (168 → 136 µs), and bytes DynamoDB
 * would store for nothing.
 */
const SPARSE = ['regularity', 'gapCv', 'churnMomentOn', 'lapsedCategories'] as const;

/** Scores as an item: without the empty ones of `SPARSE`, nor a null mean repeat value. */
export function sparseScores(scores: StoredScores): Record<string, unknown> {
  const item: Record<string, unknown> = { ...scores };
  for (const key of SPARSE) {
    const value = scores[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) delete item[key];
  }
  if (scores.inputs.meanRepeatValue === null) {
    const { meanRepeatValue: _, ...inputs } = scores.inputs;
    item.inputs = inputs;
  }
  return item;
}

type Emptiable = Pick<
  CustomerScores,
  'regularity' | 'gapCv' | 'churnMomentOn' | 'churnMomentMethod' | 'modelFit'
> & {
  lapsedCategories: readonly string[];
};

/**
 * An item (or a projection of one) as scores again: what an item leaves out is empty. Scores
 * stored before the churn moment said how it was made were all the model's, fitted by maximum
 * likelihood.
 */
export function withEmptyScores<T extends { inputs?: object }>(stored: T): T & Emptiable {
  // A new empty list each time: callers own what they read.
  const filled = {
    regularity: null,
    gapCv: null,
    churnMomentOn: null,
    lapsedCategories: [],
    churnMomentMethod: 'model' as const,
    modelFit: 'maximum-likelihood' as const,
    ...stored,
  };
  return stored.inputs ? { ...filled, inputs: { meanRepeatValue: null, ...stored.inputs } } : filled;
}

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
    return batchPut(this.db, this.tableName, scores.map(sparseScores));
  }

  async get(customerId: string): Promise<StoredScores | undefined> {
    const out = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: toItem({ customerId }), ConsistentRead: true }),
    );
    return out.Item ? withEmptyScores(fromItem<StoredScores>(out.Item)) : undefined;
  }
}
