/**
 * DynamoDB plumbing shared by the adapters. The adapters talk to the low-level client with
 * explicit (un)marshalling: on the import path every request counts, and the document client's
 * generic middleware costs about a third more CPU per request (measured in bench/).
 * Batch calls loop on unprocessed keys and items (throttling, size limits) with jittered
 * exponential backoff; throttling errors of whole calls are retried by the SDK client itself.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type KeysAndAttributes,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';

const GET_LIMIT = 100;
const WRITE_LIMIT = 25;
const MAX_ROUNDS = 12;

export type Item = Record<string, AttributeValue>;

/** What every DynamoDB adapter may be tuned with. */
export interface AdapterOptions {
  /** Per-item writes in flight at once. @default 16 */
  concurrency?: number;
  /** @default the system clock */
  clock?: () => Date;
}

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full-jitter backoff: up to 25 ms, 50 ms … capped at 2 s. */
export const backoff = (round: number) => sleep(Math.random() * Math.min(2000, 25 * 2 ** round));

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const toItem = (value: Record<string, unknown>): Item =>
  marshall(value, { removeUndefinedValues: true, convertClassInstanceToMap: false });
export const fromItem = <T>(item: Item): T => unmarshall(item) as T;

/**
 * Batch requests of one call in flight at once: a page of a thousand items must not open 40
 * sockets (a scan page of 10,000 customers once queued 300 reads behind the client's 50).
 */
const BATCH_CONCURRENCY = 8;

/** Strongly consistent reads of many keys of one table; missing keys are simply absent. */
export async function batchGet<T>(
  db: DynamoDBClient,
  table: string,
  keys: readonly Record<string, string>[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<T[]> {
  const found: T[] = [];
  const limit = pLimit(BATCH_CONCURRENCY);
  await Promise.all(
    chunked(keys, GET_LIMIT).map((chunk) =>
      limit(async () => {
        let request: KeysAndAttributes = {
          Keys: chunk.map(toItem),
          ConsistentRead: true,
          ...(projection
            ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }
            : {}),
        };
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const out = await db.send(new BatchGetItemCommand({ RequestItems: { [table]: request } }));
          for (const item of out.Responses?.[table] ?? []) found.push(fromItem<T>(item));
          const rest = out.UnprocessedKeys?.[table]?.Keys;
          if (!rest || rest.length === 0) return;
          request = { ...request, Keys: rest };
          await backoff(round);
        }
        throw new UnprocessedItemsError(
          `BatchGetItem on ${table} left keys unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }),
    ),
  );
  return found;
}

/** Puts many items into one table; identical re-puts are harmless, so this is safe to retry. */
export async function batchPut(
  db: DynamoDBClient,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  const limit = pLimit(BATCH_CONCURRENCY);
  await Promise.all(
    chunked(items, WRITE_LIMIT).map((chunk) =>
      limit(async () => {
        let requests: WriteRequest[] = chunk.map((item) => ({ PutRequest: { Item: toItem(item) } }));
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
          const rest = out.UnprocessedItems?.[table];
          if (!rest || rest.length === 0) return;
          requests = rest;
          await backoff(round);
        }
        throw new UnprocessedItemsError(
          `BatchWriteItem on ${table} left items unprocessed after ${MAX_ROUNDS} rounds`,
        );
      }),
    ),
  );
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write: false when its condition failed (then nothing was written). */
export async function conditionHeld(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A strongly consistent read of one item. */
export async function getItem<T>(
  db: DynamoDBClient,
  table: string,
  key: Record<string, string>,
): Promise<T | undefined> {
  const out = await db.send(new GetItemCommand({ TableName: table, Key: toItem(key), ConsistentRead: true }));
  return out.Item ? fromItem<T>(out.Item) : undefined;
}

/** Writes the item unless one with its key exists: `exists` leaves the stored one untouched. */
export async function putIfAbsent(
  db: DynamoDBClient,
  table: string,
  item: Record<string, unknown>,
  keyAttribute: string,
): Promise<'created' | 'exists'> {
  const created = await conditionHeld(() =>
    db.send(
      new PutItemCommand({
        TableName: table,
        Item: toItem(item),
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': keyAttribute },
      }),
    ),
  );
  return created ? 'created' : 'exists';
}

/** Every item of a Query, page by page. */
export async function* queryPages<T>(db: DynamoDBClient, input: QueryCommandInput): AsyncIterable<T[]> {
  let start: Item | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield (out.Items ?? []).map((item) => fromItem<T>(item));
    start = out.LastEvaluatedKey;
  } while (start);
}

/** A page's `LastEvaluatedKey` as an opaque cursor (absent on the last page). */
export const encodeCursor = (key: Item | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(unmarshall(key))).toString('base64url') : undefined;

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/** The key a cursor stands for; a cursor not made by `encodeCursor` is refused. */
export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return toItem(key as Record<string, unknown>);
  } catch {
    // falls through to the refusal
  }
  throw new InvalidCursorError('the cursor is not one this service gave out');
}

/** One page of a Query from the cursor. */
export async function queryPage<T>(
  db: DynamoDBClient,
  input: QueryCommandInput,
  cursor?: string,
): Promise<{ items: T[]; cursor?: string }> {
  const start = decodeCursor(cursor);
  const out = await db.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
  const next = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((item) => fromItem<T>(item)), ...(next ? { cursor: next } : {}) };
}
