/**
 * DynamoDB for the local stack: dynalite (the DynamoDB wire API over LevelDB) in memory or on
 * disk, with the project's tables created from the same definitions the CDK stack uses. One call
 * dynalite lacks is answered here: DescribeContinuousBackups (`reactivate doctor` reads it).
 */

import { mkdirSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { TABLE_NAMES, TABLES, type TableDefinition, type TableName } from '../table-definitions.js';
import { mendDynaliteStorage } from './dynalite-storage.js';
import { listen } from './listen.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
mendDynaliteStorage(createRequire(require.resolve('dynalite')));

export interface LocalDynamoOptions {
  port: number;
  host?: string;
  /** A folder for LevelDB files; in memory when absent. */
  path?: string;
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /** Requests served so far, by operation (`GetItem`, `Query`, …): the cost figures count them. */
  requests: Record<string, number>;
  close(): Promise<void>;
}

export async function startLocalDynamo(options: LocalDynamoOptions): Promise<LocalDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  // Node closes a keep-alive socket after 5 s idle by default. A client that held its event loop
  // for seconds (a fit of a large population) can then send on a socket the server is closing at
  // that very moment and get ECONNRESET, which the SDK does not retry. DynamoDB itself keeps
  // connections far longer; so does the local stack, and closes idle ones when it stops.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await listen(server, options.port, options.host ?? '127.0.0.1', 'DynamoDB (dynalite)');
  const port = (server.address() as AddressInfo).port;
  answerContinuousBackups(server, `http://127.0.0.1:${port}`);
  // A busy client (an import) keeps its keep-alive sockets busy, and a plain close waits for them
  // to fall idle — the stack would serve the whole import before stopping. Once closing, each
  // answer says `Connection: close`, so every socket ends after its request in flight.
  let closing = false;
  const requests: Record<string, number> = {};
  server.prependListener('request', (req, res) => {
    if (closing) res.setHeader('Connection', 'close');
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1];
    if (operation) requests[operation] = (requests[operation] ?? 0) + 1;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        closing = true;
        // A request in flight when the close began was answered without `Connection: close`: its
        // socket falls idle afterwards and would hold the close for the keep-alive's 120 s.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

const TARGET = 'DynamoDB_20120810.';

/**
 * DescribeContinuousBackups, which dynalite does not serve. Each local table stands for one the
 * CDK stack creates with point-in-time recovery on, so a table that exists answers ENABLED; its
 * existence is asked of dynalite itself (DescribeTable), so both always agree.
 */
function answerContinuousBackups(server: Server, endpoint: string): void {
  const [dynalite] = server.listeners('request') as RequestListener[];
  if (!dynalite) return;
  server.removeListener('request', dynalite);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['x-amz-target'] !== `${TARGET}DescribeContinuousBackups`) return dynalite(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = Object.fromEntries(
        ['authorization', 'x-amz-date', 'content-type'].flatMap((h) => {
          const value = req.headers[h];
          return typeof value === 'string' ? [[h, value]] : [];
        }),
      );
      try {
        const table = await fetch(endpoint, {
          method: 'POST',
          headers: { ...headers, 'x-amz-target': `${TARGET}DescribeTable` },
          body: Buffer.concat(chunks),
        });
        const answer = (await table.json()) as {
          __type?: string;
          message?: string;
          Table?: { TableName: string };
        };
        const json = { 'content-type': 'application/x-amz-json-1.0' };
        if (table.ok)
          res.writeHead(200, json).end(
            JSON.stringify({
              ContinuousBackupsDescription: {
                ContinuousBackupsStatus: 'ENABLED',
                PointInTimeRecoveryDescription: {
                  PointInTimeRecoveryStatus: 'ENABLED',
                  RecoveryPeriodInDays: 35,
                },
              },
            }),
          );
        else if (answer.__type?.endsWith('ResourceNotFoundException'))
          res.writeHead(400, json).end(
            JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#TableNotFoundException',
              message: answer.message ?? 'Table not found',
            }),
          );
        else res.writeHead(table.status, json).end(JSON.stringify(answer));
      } catch (error) {
        res.writeHead(500).end(JSON.stringify({ message: String(error) }));
      }
    });
  });
}

/** The physical table names of a local stack, e.g. `reactivate-local-customers`. */
export function localTableNames(prefix = 'reactivate-local'): Record<TableName, string> {
  return Object.fromEntries(TABLE_NAMES.map((t) => [t, `${prefix}-${t}`])) as Record<TableName, string>;
}

function createTableInput(tableName: string, def: TableDefinition): CreateTableCommandInput {
  const keys = [
    def.partitionKey,
    def.sortKey,
    ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  const attributes = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]));
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalIndexes.length
      ? {
          GlobalSecondaryIndexes: def.globalIndexes.map((i) => ({
            IndexName: i.indexName,
            KeySchema: keySchema(i.partitionKey, i.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
  };
}

/** Creates any missing table; existing ones (a persistent local store) are left as they are. */
export async function ensureTables(client: DynamoDBClient, names: Record<TableName, string>): Promise<void> {
  for (const table of TABLE_NAMES) {
    try {
      await client.send(new DescribeTableCommand({ TableName: names[table] }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(createTableInput(names[table], TABLES[table])));
    }
  }
}
