import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { fromItem, toItem } from '../../functions/adapters/dynamodb-batch.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../lib/local/local-dynamodb.js';
import type { TableName } from '../../lib/table-definitions.js';

export interface DynamoFixture {
  dynamo: LocalDynamo;
  db: DynamoDBClient;
  /** Fresh tables under a new prefix, so tests in one file never see each other's data. */
  freshTables(): Promise<Record<TableName, string>>;
  getItem(table: string, key: Record<string, string>): Promise<Record<string, unknown> | undefined>;
  putItem(table: string, item: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/** A dynalite on a free port with the project's tables: in memory, or on disk under `path`. */
export async function startDynamoFixture(options: { path?: string } = {}): Promise<DynamoFixture> {
  const dynamo = await startLocalDynamo({ port: 0, ...options });
  const db = createDynamoClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    dynamo,
    db,
    freshTables: async () => {
      const names = localTableNames(`t${++counter}`);
      await ensureTables(db, names);
      return names;
    },
    getItem: async (table, key) => {
      const out = await db.send(
        new GetItemCommand({ TableName: table, Key: toItem(key), ConsistentRead: true }),
      );
      return out.Item ? fromItem(out.Item) : undefined;
    },
    putItem: async (table, item) => {
      await db.send(new PutItemCommand({ TableName: table, Item: toItem(item) }));
    },
    close: async () => {
      db.destroy();
      await dynamo.close();
    },
  };
}
