/**
 * Fitted scoring models in the models table: one immutable item per version, written once with a
 * condition, and the `current` item, moved forward only (a publication for an older as-of day
 * than the current one is refused by a condition, so runs that overlap cannot go back in time).
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { CurrentModel, ModelStore, StoredModel } from '../ports/scoring-store.js';
import { conditionHeld, fromItem, putIfAbsent, toItem } from './dynamodb-batch.js';

/** The key of the item naming the current model; versions are 12 hex digits, so it cannot clash. */
const CURRENT = 'current';

export class DynamoModelStore implements ModelStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  save(model: StoredModel): Promise<'created' | 'exists'> {
    return putIfAbsent(this.db, this.tableName, model as unknown as Record<string, unknown>, 'version');
  }

  get(version: string): Promise<StoredModel | undefined> {
    return this.read<StoredModel>(version);
  }

  async publish(current: CurrentModel): Promise<boolean> {
    const { version, ...rest } = current;
    return conditionHeld(() =>
      this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem({ version: CURRENT, model: version, ...rest }),
          ConditionExpression: 'attribute_not_exists(#version) OR #asOf <= :asOf',
          ExpressionAttributeNames: { '#version': 'version', '#asOf': 'asOf' },
          ExpressionAttributeValues: toItem({ ':asOf': current.asOf }),
        }),
      ),
    );
  }

  async current(): Promise<CurrentModel | undefined> {
    const item = await this.read<Omit<CurrentModel, 'version'> & { model: string }>(CURRENT);
    if (!item) return undefined;
    const { model, ...rest } = item;
    return { ...rest, version: model };
  }

  private async read<T>(version: string): Promise<T | undefined> {
    const out = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: toItem({ version }), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { version: _key, ...rest } = fromItem<Record<string, unknown>>(out.Item);
    return { ...rest, version } as T;
  }
}
