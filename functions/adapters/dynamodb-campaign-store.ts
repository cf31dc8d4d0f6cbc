/** Campaigns on DynamoDB: one item each; status changes are conditional on the status read. */

import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Campaign, CampaignStatus } from '../domain/journey/campaign.js';
import type { CampaignStore } from '../ports/journey-store.js';
import { clock as systemClock } from '../shared/clock.js';
import { getItem, isConditionFailure, putIfAbsent, toItem } from './dynamodb-batch.js';

export class DynamoCampaignStore implements CampaignStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
    private readonly clock: () => Date = systemClock,
  ) {}

  get(campaignId: string): Promise<Campaign | undefined> {
    return getItem<Campaign>(this.db, this.table, { campaignId });
  }

  create(campaign: Campaign): Promise<'created' | 'exists'> {
    return putIfAbsent(this.db, this.table, { ...campaign }, 'campaignId');
  }

  async setStatus(
    campaignId: string,
    status: CampaignStatus,
    from: readonly CampaignStatus[],
  ): Promise<boolean> {
    const values: Record<string, unknown> = { ':status': status, ':now': this.clock().toISOString() };
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId }),
          UpdateExpression: 'SET #status = :status, #updatedAt = :now',
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: toItem(values),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
