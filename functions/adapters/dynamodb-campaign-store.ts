/** Campaigns on DynamoDB: one item each; status changes are conditional on the status read. */

import {
  type DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type {
  Campaign,
  CampaignRunFailure,
  CampaignStatus,
  FittedCampaignModel,
  LaunchSummary,
} from '../domain/journey/campaign.js';
import type { CampaignReport } from '../domain/journey/campaign-report.js';
import type { EmailStats, FeedbackKind } from '../domain/journey/delivery-feedback.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import { clock as systemClock } from '../shared/clock.js';
import { conditionHeld, fromItem, getItem, type Item, putIfAbsent, toItem } from './dynamodb-batch.js';

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

  /**
   * Conditional on the stored status still being `draft` (a start that came first wins) and, when
   * given, on the draft being the version the editor read (another edit that came first wins).
   */
  replaceDraft(campaign: Campaign, seenUpdatedAt?: string): Promise<boolean> {
    const seen = seenUpdatedAt !== undefined;
    return conditionHeld(() =>
      this.db.send(
        new PutItemCommand({
          TableName: this.table,
          Item: toItem({ ...campaign }),
          ConditionExpression: seen ? '#status = :draft AND #updatedAt = :seen' : '#status = :draft',
          ExpressionAttributeNames: { '#status': 'status', ...(seen ? { '#updatedAt': 'updatedAt' } : {}) },
          ExpressionAttributeValues: toItem({
            ':draft': 'draft',
            ...(seen ? { ':seen': seenUpdatedAt } : {}),
          }),
        }),
      ),
    );
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
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId }),
          UpdateExpression: 'SET #status = :status, #updatedAt = :now',
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: toItem(values),
        }),
      ),
    );
  }

  /** A shop runs tens of campaigns, not millions: a scan of the small table is the simple read. */
  async list(): Promise<Campaign[]> {
    const campaigns: Campaign[] = [];
    let start: Item | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({ TableName: this.table, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of out.Items ?? []) campaigns.push(fromItem<Campaign>(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return campaigns.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  recordLaunch(campaignId: string, summary: LaunchSummary): Promise<void> {
    return this.set(campaignId, 'launch', summary);
  }

  recordReport(campaignId: string, report: CampaignReport): Promise<void> {
    return this.set(campaignId, 'report', report);
  }

  recordFittedModel(campaignId: string, model: FittedCampaignModel): Promise<void> {
    return this.set(campaignId, 'fittedModel', model);
  }

  recordRunFailure(campaignId: string, failure: CampaignRunFailure): Promise<void> {
    return this.set(campaignId, 'runFailure', failure);
  }

  /** Sets one attribute of an existing campaign. */
  private async set(campaignId: string, name: keyof Campaign, value: object): Promise<void> {
    await this.db.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: toItem({ campaignId }),
        UpdateExpression: 'SET #name = :value',
        ConditionExpression: 'attribute_exists(#id)',
        ExpressionAttributeNames: { '#name': name, '#id': 'campaignId' },
        ExpressionAttributeValues: toItem({ ':value': value }),
      }),
    );
  }

  async countFeedback(campaignId: string, kind: FeedbackKind): Promise<EmailStats> {
    const add = () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId }),
          UpdateExpression: 'ADD #stats.#kind :one',
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#stats': 'emailStats', '#kind': kind, '#id': 'campaignId' },
          ExpressionAttributeValues: toItem({ ':one': 1 }),
          ReturnValues: 'ALL_NEW',
        }),
      );
    let out: Awaited<ReturnType<typeof add>>;
    try {
      out = await add();
    } catch (error) {
      // The first count of a campaign: its `emailStats` map does not exist yet.
      if ((error as Error).name !== 'ValidationException') throw error;
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId }),
          UpdateExpression: 'SET #stats = if_not_exists(#stats, :empty)',
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#stats': 'emailStats', '#id': 'campaignId' },
          ExpressionAttributeValues: toItem({ ':empty': {} }),
        }),
      );
      out = await add();
    }
    return out.Attributes ? (fromItem<Campaign>(out.Attributes).emailStats ?? {}) : {};
  }
}
