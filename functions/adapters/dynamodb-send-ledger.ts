/**
 * The send ledger on DynamoDB: `(customerId, campaignId#step)`. A claim is a conditional put, so
 * of any number of attempts at one step exactly one may call the provider.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { FeedbackKind } from '../domain/journey/delivery-feedback.js';
import type { JourneyStep } from '../domain/journey/journey-rules.js';
import type { SendClaim, SendRecord } from '../domain/journey/send.js';
import type { SendLedger } from '../ports/send-ledger.js';
import { conditionHeld, fromItem, getItem, isConditionFailure, toItem } from './dynamodb-batch.js';

const sendKey = (campaignId: string, step: JourneyStep) => `${campaignId}#${step}`;

export class DynamoSendLedger implements SendLedger {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  async claim(claim: SendClaim): Promise<{ claimed: true } | { claimed: false; existing: SendRecord }> {
    const record: SendRecord = { ...claim, status: 'sending' };
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ ...record, sendKey: sendKey(claim.campaignId, claim.step) }),
          ConditionExpression: 'attribute_not_exists(#customerId)',
          ExpressionAttributeNames: { '#customerId': 'customerId' },
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await this.get(claim.customerId, claim.campaignId, claim.step);
      if (!existing) throw error;
      return { claimed: false, existing };
    }
  }

  async markSent(claim: SendClaim, messageId: string, sentAt: string): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: toItem({ customerId: claim.customerId, sendKey: sendKey(claim.campaignId, claim.step) }),
        UpdateExpression: 'SET #status = :sent, #messageId = :messageId, #sentAt = :sentAt',
        ConditionExpression: '#sendId = :sendId',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#messageId': 'messageId',
          '#sentAt': 'sentAt',
          '#sendId': 'sendId',
        },
        ExpressionAttributeValues: toItem({
          ':sent': 'sent',
          ':messageId': messageId,
          ':sentAt': sentAt,
          ':sendId': claim.sendId,
        }),
      }),
    );
  }

  async release(claim: SendClaim): Promise<void> {
    try {
      await this.db.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: toItem({ customerId: claim.customerId, sendKey: sendKey(claim.campaignId, claim.step) }),
          ConditionExpression: '#sendId = :sendId AND #status = :sending',
          ExpressionAttributeNames: { '#sendId': 'sendId', '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':sendId': claim.sendId, ':sending': 'sending' }),
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async countSince(customerId: string, since: string): Promise<number> {
    let count = 0;
    let start: Record<string, never> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#customerId = :customerId',
          FilterExpression: '#claimedAt >= :since',
          ExpressionAttributeNames: { '#customerId': 'customerId', '#claimedAt': 'claimedAt' },
          ExpressionAttributeValues: toItem({ ':customerId': customerId, ':since': since }),
          Select: 'COUNT',
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    return count;
  }

  async findBySendId(sendId: string): Promise<SendRecord | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'bySendId',
        KeyConditionExpression: '#sendId = :sendId',
        ExpressionAttributeNames: { '#sendId': 'sendId' },
        ExpressionAttributeValues: toItem({ ':sendId': sendId }),
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? fromItem<SendRecord>(item) : undefined;
  }

  async markFeedback(send: SendRecord, kind: FeedbackKind, at: string): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ customerId: send.customerId, sendKey: sendKey(send.campaignId, send.step) }),
          UpdateExpression: 'SET #feedback = :at',
          ConditionExpression: 'attribute_exists(#customerId) AND attribute_not_exists(#feedback)',
          // `sesSentAt`, `sesBouncedAt`…: apart from the ledger's own `sentAt`.
          ExpressionAttributeNames: {
            '#feedback': `ses${kind[0]?.toUpperCase()}${kind.slice(1)}At`,
            '#customerId': 'customerId',
          },
          ExpressionAttributeValues: toItem({ ':at': at }),
        }),
      ),
    );
  }

  get(customerId: string, campaignId: string, step: JourneyStep): Promise<SendRecord | undefined> {
    return getItem<SendRecord>(this.db, this.table, { customerId, sendKey: sendKey(campaignId, step) });
  }
}
