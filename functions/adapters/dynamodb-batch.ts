/**
 * Batch reads and writes that finish the job: DynamoDB may return part of a batch unprocessed
 * (throttling, size limits), so every batch call loops on the remainder with jittered
 * exponential backoff. Throttling errors of whole calls are retried by the SDK client itself.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

const GET_LIMIT = 100;
const WRITE_LIMIT = 25;
const MAX_ROUNDS = 12;

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full-jitter backoff: 25 ms, 50 ms … capped at 2 s. */
export const backoff = (round: number) => sleep(Math.random() * Math.min(2000, 25 * 2 ** round));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Strongly consistent reads of many keys of one table; missing keys are simply absent. */
export async function batchGet<T>(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<T[]> {
  const found: T[] = [];
  await Promise.all(
    chunks(keys, GET_LIMIT).map(async (chunk) => {
      let request: NonNullable<BatchGetCommandOutput['UnprocessedKeys']> = {
        [table]: {
          Keys: chunk,
          ConsistentRead: true,
          ...(projection
            ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names }
            : {}),
        },
      };
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const out = await db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...((out.Responses?.[table] ?? []) as T[]));
        const rest = out.UnprocessedKeys?.[table]?.Keys;
        if (!rest || rest.length === 0) return;
        request = { [table]: { ...request[table], Keys: rest } };
        await backoff(round);
      }
      throw new UnprocessedItemsError(
        `BatchGet on ${table} left keys unprocessed after ${MAX_ROUNDS} rounds`,
      );
    }),
  );
  return found;
}

/** Puts many items into one table; identical re-puts are harmless, so this is safe to retry. */
export async function batchPut(
  db: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  await Promise.all(
    chunks(items, WRITE_LIMIT).map(async (chunk) => {
      let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        const rest = out.UnprocessedItems?.[table];
        if (!rest || rest.length === 0) return;
        requests = rest as typeof requests;
        await backoff(round);
      }
      throw new UnprocessedItemsError(
        `BatchWrite on ${table} left items unprocessed after ${MAX_ROUNDS} rounds`,
      );
    }),
  );
}

export function chunked<T>(items: readonly T[], size: number): T[][] {
  return chunks(items, size);
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
