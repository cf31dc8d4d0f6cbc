import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTables, type LocalDynamo, localTableNames, startLocalDynamo } from '../../lib/local/local-dynamodb.js';
import type { TableName } from '../../lib/table-definitions.js';
import { createDocumentClient } from '../../functions/shared/aws-clients.js';

export interface DynamoFixture {
  dynamo: LocalDynamo;
  db: DynamoDBDocumentClient;
  tables: Record<TableName, string>;
  /** Fresh tables under a new prefix, so tests in one file never see each other's data. */
  freshTables(): Promise<Record<TableName, string>>;
  close(): Promise<void>;
}

let counter = 0;

/** An in-memory dynalite on a free port with the project's tables. */
export async function startDynamoFixture(): Promise<DynamoFixture> {
  const dynamo = await startLocalDynamo({ port: 0 });
  const config = { endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const raw = new DynamoDBClient(config);
  const db = createDocumentClient(config);
  const freshTables = async () => {
    const names = localTableNames(`t${++counter}`);
    await ensureTables(raw, names);
    return names;
  };
  const tables = await freshTables();
  return {
    dynamo,
    db,
    tables,
    freshTables,
    close: async () => {
      db.destroy();
      raw.destroy();
      await dynamo.close();
    },
  };
}
