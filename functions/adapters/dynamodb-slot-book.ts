/**
 * The slot book in DynamoDB: one item per bucket (`slotKey`), its `taken` count moved with
 * conditional updates, never read-modify-write. A bucket claimed for the first time, or whose
 * count lags behind the present, is moved forward to the caller's floor; otherwise the count grows
 * by the claim. Two conditions that cover every case, so a claim takes one write, or two when the
 * count lagged (and a third try only if another claim moved it in between). Items expire by TTL a
 * day after their bucket.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SlotBook } from '../ports/slot-book.js';

const MAX_TRIES = 8;

export class DynamoSlotBook implements SlotBook {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async take(key: string, amount: number, floor: number, expiresAt: Date): Promise<number> {
    const expires = { N: String(Math.ceil(expiresAt.getTime() / 1000)) };
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      try {
        // The count is at or past the floor (or new): the claim goes on top.
        const out = await this.db.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: { slotKey: { S: key } },
            UpdateExpression: 'SET taken = if_not_exists(taken, :floor) + :amount, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(taken) OR taken >= :floor',
            ExpressionAttributeValues: {
              ':floor': { N: String(floor) },
              ':amount': { N: String(amount) },
              ':expires': expires,
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(out.Attributes?.taken?.N);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      try {
        // The count lags behind the present: it moves to the floor, with this claim.
        await this.db.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: { slotKey: { S: key } },
            UpdateExpression: 'SET taken = :taken, expiresAt = :expires',
            ConditionExpression: 'taken < :floor',
            ExpressionAttributeValues: {
              ':floor': { N: String(floor) },
              ':taken': { N: String(floor + amount) },
              ':expires': expires,
            },
          }),
        );
        return floor + amount;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Another claim moved the count in between: try again from the top.
      }
    }
    throw new Error(`slot book: bucket ${key} kept moving under ${MAX_TRIES} claims`);
  }
}
