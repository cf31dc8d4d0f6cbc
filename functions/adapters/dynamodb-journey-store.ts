/**
 * Journeys on DynamoDB: one item per (campaign, customer). Enrolment is a conditional put, the
 * timeline an appended list, and ending a conditional update from `active` — so exactly one
 * path (a response, a step, a cancellation) ends a journey and its reason is the one kept.
 */

import {
  type DynamoDBClient,
  QueryCommand,
  ReturnValue,
  Select,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { SurveyAnswer } from '../domain/journey/call-outcome.js';
import type { JourneyRecord, JourneyStatus, Redemption, TimelineEntry } from '../domain/journey/journey.js';
import type { OfferChoice } from '../domain/journey/offer-choice.js';
import type { JourneyOffer } from '../domain/journey/offer-codes.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { Page } from '../ports/page.js';
import {
  conditionHeld,
  fromItem,
  getItem,
  type Item,
  isConditionFailure,
  putIfAbsent,
  queryPage,
  queryPages,
  toItem,
} from './dynamodb-batch.js';

export class DynamoJourneyStore implements JourneyStore {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly table: string,
  ) {}

  enrol(journey: JourneyRecord): Promise<'created' | 'exists'> {
    return putIfAbsent(this.db, this.table, { ...journey }, 'customerId');
  }

  get(campaignId: string, customerId: string): Promise<JourneyRecord | undefined> {
    return getItem<JourneyRecord>(this.db, this.table, { campaignId, customerId });
  }

  async record(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    change: { status?: JourneyStatus; exitReason?: string; callSchedule?: string } = {},
  ): Promise<void> {
    const sets = ['#timeline = list_append(#timeline, :entry)'];
    const names: Record<string, string> = { '#timeline': 'timeline', '#status': 'status' };
    const values: Record<string, unknown> = { ':entry': [entry], ':active': 'active' };
    if (change.status) {
      sets.push('#status = :status');
      values[':status'] = change.status;
    }
    if (change.exitReason) {
      sets.push('#exitReason = :exitReason');
      names['#exitReason'] = 'exitReason';
      values[':exitReason'] = change.exitReason;
    }
    if (change.callSchedule) {
      sets.push('#callSchedule = :callSchedule');
      names['#callSchedule'] = 'callSchedule';
      values[':callSchedule'] = change.callSchedule;
    }
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: toItem(values),
        }),
      );
    } catch (error) {
      // The journey ended meanwhile: what the step did no longer matters to it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async end(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    options: { enrolledBy?: string; status?: 'ended' | 'failed' } = {},
  ): Promise<JourneyRecord | undefined> {
    const by = options.enrolledBy;
    try {
      const out = await this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          UpdateExpression:
            'SET #status = :ended, #exitReason = :reason, #endedAt = :at, #timeline = list_append(#timeline, :entry)',
          // At or before: an order in the very instant of the enrolment came after the decision to
          // reach the customer (a sped-up local clock stands still while steps run, so it happens).
          ConditionExpression: by ? '#status = :active AND #enrolledAt <= :by' : '#status = :active',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#exitReason': 'exitReason',
            '#endedAt': 'endedAt',
            '#timeline': 'timeline',
            ...(by ? { '#enrolledAt': 'enrolledAt' } : {}),
          },
          ExpressionAttributeValues: toItem({
            ':ended': options.status ?? 'ended',
            ':active': 'active',
            ':reason': entry.reason ?? entry.outcome,
            ':at': entry.at,
            ':entry': [entry],
            ...(by ? { ':by': by } : {}),
          }),
          ReturnValues: ReturnValue.ALL_NEW,
        }),
      );
      return out.Attributes ? fromItem<JourneyRecord>(out.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async bindOffer(
    campaignId: string,
    customerId: string,
    offer: JourneyOffer,
  ): Promise<JourneyOffer | undefined> {
    const bound = await conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          // The redemptions map exists from here: a redemption sets one key of it.
          UpdateExpression: 'SET #offer = :offer, #redemptions = if_not_exists(#redemptions, :none)',
          ConditionExpression: '#status = :active AND attribute_not_exists(#offer)',
          ExpressionAttributeNames: { '#offer': 'offer', '#redemptions': 'redemptions', '#status': 'status' },
          ExpressionAttributeValues: toItem({ ':offer': offer, ':none': {}, ':active': 'active' }),
        }),
      ),
    );
    if (bound) return offer;
    const journey = await this.get(campaignId, customerId);
    return journey?.status === 'active' ? journey.offer : undefined;
  }

  recordRedemption(
    campaignId: string,
    customerId: string,
    orderId: string,
    redemption: Redemption,
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          UpdateExpression: 'SET #redemptions.#order = :redemption',
          ConditionExpression: 'attribute_exists(#redemptions) AND attribute_not_exists(#redemptions.#order)',
          ExpressionAttributeNames: { '#redemptions': 'redemptions', '#order': orderId },
          ExpressionAttributeValues: toItem({ ':redemption': redemption }),
        }),
      ),
    );
  }

  answerWithOffer(
    campaignId: string,
    customerId: string,
    choice: OfferChoice,
    entry: TimelineEntry,
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          UpdateExpression: 'SET #choice = :choice, #timeline = list_append(#timeline, :entry) REMOVE #offer',
          // The first answer switches the offer, once: a repeated or changed answer never claims
          // another code or grows the timeline.
          ConditionExpression: '#status = :active AND attribute_not_exists(#choice.#reason)',
          ExpressionAttributeNames: {
            '#reason': 'reason',
            '#choice': 'offerChoice',
            '#timeline': 'timeline',
            '#offer': 'offer',
            '#status': 'status',
          },
          ExpressionAttributeValues: toItem({ ':choice': choice, ':entry': [entry], ':active': 'active' }),
        }),
      ),
    );
  }

  list(campaignId: string): AsyncIterable<JourneyRecord[]> {
    return queryPages<JourneyRecord>(this.db, this.partitionQuery(campaignId));
  }

  page(campaignId: string, cursor?: string): Promise<Page<JourneyRecord>> {
    return queryPage<JourneyRecord>(this.db, this.partitionQuery(campaignId), cursor);
  }

  private partitionQuery(campaignId: string) {
    return {
      TableName: this.table,
      KeyConditionExpression: '#campaignId = :campaignId',
      ExpressionAttributeNames: { '#campaignId': 'campaignId' },
      ExpressionAttributeValues: toItem({ ':campaignId': campaignId }),
    };
  }

  /** The campaign's partition, filtered to active journeys (read capacity counts every item read). */
  private activeQuery(campaignId: string) {
    return {
      TableName: this.table,
      KeyConditionExpression: '#campaignId = :campaignId',
      FilterExpression: '#status = :active',
      ExpressionAttributeNames: { '#campaignId': 'campaignId', '#status': 'status' },
      ExpressionAttributeValues: toItem({ ':campaignId': campaignId, ':active': 'active' }),
    };
  }

  activePage(
    campaignId: string,
    cursor?: string,
    options: { waitingForStep?: boolean } = {},
  ): Promise<Page<JourneyRecord>> {
    const query = this.activeQuery(campaignId);
    // Filtered where the items are read: a campaign whose journeys all wait for their managers'
    // calls hands nothing back to the reconciler instead of every journey.
    return queryPage<JourneyRecord>(
      this.db,
      options.waitingForStep
        ? {
            ...query,
            FilterExpression: `${query.FilterExpression} AND attribute_not_exists(#call)`,
            ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#call': 'callSchedule' },
          }
        : query,
      cursor,
    );
  }

  async countActive(campaignId: string): Promise<number> {
    let count = 0;
    let start: Item | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          ...this.activeQuery(campaignId),
          Select: Select.COUNT,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async recordSurvey(
    campaignId: string,
    customerId: string,
    answer: SurveyAnswer & { at: string; sendId?: string },
  ): Promise<boolean> {
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: toItem({ campaignId, customerId }),
          UpdateExpression: 'SET #survey = :answer',
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#survey': 'survey', '#id': 'customerId' },
          ExpressionAttributeValues: toItem({ ':answer': answer }),
        }),
      ),
    );
  }
}
