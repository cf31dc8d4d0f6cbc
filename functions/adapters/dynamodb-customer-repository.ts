/**
 * Customer profiles on DynamoDB. A profile write replaces the profile fields only, so statistics
 * and scores written by other parts of the system are never lost. Re-sending an identical profile
 * is detected by a hash and writes nothing; an erased customer cannot be given personal data again.
 */

import { createHash } from 'node:crypto';
import { type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import { type CustomerProfile, erasedReason, PERSONAL_FIELDS } from '../domain/customer.js';
import type { PreviousContact } from '../domain/journey/call-task.js';
import type { CustomerPurchases } from '../domain/journey/campaign-report.js';
import {
  type ClaimDecision,
  claimDecision,
  cooldownSince,
  type JourneyClaims,
} from '../domain/journey/exclusivity.js';
import type {
  CustomerRecord,
  CustomerRepository,
  EnrolmentFacts,
  JourneyClaimRequest,
  ProfileOutcome,
} from '../ports/customer-repository.js';
import { clock as systemClock } from '../shared/clock.js';
import {
  type AdapterOptions,
  batchGet,
  conditionHeld,
  fromItem,
  getItem,
  putIfAbsent,
  toItem,
} from './dynamodb-batch.js';

const OPTIONAL_FIELDS = ['email', 'phone', 'firstName', 'locale'] as const;

interface ProfileView {
  customerId: string;
  profileHash?: string;
  erasedAt?: string;
}

/** A stable digest of a profile: keys sorted, so field order in the input does not matter. */
export function profileHash(profile: CustomerProfile): string {
  const canonical = JSON.stringify(profile, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

export class DynamoCustomerRepository implements CustomerRepository {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly clock: () => Date;

  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
    options: AdapterOptions = {},
  ) {
    this.limit = pLimit(options.concurrency ?? 16);
    this.clock = options.clock ?? systemClock;
  }

  async upsertProfiles(profiles: readonly CustomerProfile[]): Promise<ProfileOutcome[]> {
    const existing = new Map(
      (
        await batchGet<ProfileView>(
          this.db,
          this.tableName,
          [...new Set(profiles.map((p) => p.customerId))].map((customerId) => ({ customerId })),
          {
            expression: '#id, #hash, #erasedAt',
            names: { '#id': 'customerId', '#hash': 'profileHash', '#erasedAt': 'erasedAt' },
          },
        )
      ).map((view) => [view.customerId, view]),
    );
    // Rows naming one customer are applied in their order, so the last one wins.
    const outcomes: ProfileOutcome[] = new Array(profiles.length);
    const groups = new Map<string, number[]>();
    profiles.forEach((p, i) => {
      const group = groups.get(p.customerId);
      if (group) group.push(i);
      else groups.set(p.customerId, [i]);
    });
    await Promise.all(
      [...groups.values()].map((indexes) =>
        this.limit(async () => {
          for (const i of indexes)
            outcomes[i] = await this.upsertOne(profiles[i] as CustomerProfile, existing);
        }),
      ),
    );
    return outcomes;
  }

  private async upsertOne(
    profile: CustomerProfile,
    existing: Map<string, ProfileView>,
  ): Promise<ProfileOutcome> {
    const view = existing.get(profile.customerId);
    if (view?.erasedAt) return erasedOutcome(view.erasedAt);
    const hash = profileHash(profile);
    if (view?.profileHash === hash) return { status: 'unchanged' };
    // A new customer is created; one created by another writer since our read (an order of a
    // new customer, a concurrent row) is then updated, with the update's own checks.
    const created =
      !view &&
      (await putIfAbsent(this.db, this.tableName, this.newCustomer(profile, hash), 'customerId')) ===
        'created';
    if (!created && !(await conditionHeld(() => this.db.send(this.updateCommand(profile, hash))))) {
      // The customer was erased, or already holds this profile.
      const now = await this.get(profile.customerId);
      return now?.erasedAt ? erasedOutcome(now.erasedAt) : { status: 'unchanged' };
    }
    // Several rows of one batch may name the same customer: the first creates, the rest update.
    existing.set(profile.customerId, { customerId: profile.customerId, profileHash: hash });
    return { status: created ? 'created' : 'updated' };
  }

  /**
   * A new customer, written whole with a `PutItem` on condition that no item exists (an
   * `UpdateItem` of the same fields cost dynalite a fifth more: it parses every `SET`). It starts
   * at `rev` 0, so the ledger's first commit compares the revision (`#rev = :rev`) rather than
   * testing for attributes.
   */
  private newCustomer(profile: CustomerProfile, hash: string): Record<string, unknown> {
    const now = this.clock().toISOString();
    const optional = Object.fromEntries(
      OPTIONAL_FIELDS.filter((field) => profile[field] !== undefined).map((field) => [field, profile[field]]),
    );
    return {
      customerId: profile.customerId,
      profileHash: hash,
      createdAt: now,
      updatedAt: now,
      rev: 0,
      timeZone: profile.timeZone,
      consent: profile.consent,
      attributes: profile.attributes,
      ...optional,
    };
  }

  /** An existing customer has its profile fields replaced, unless erased or already holding this profile. */
  private updateCommand(profile: CustomerProfile, hash: string): UpdateItemCommand {
    const now = this.clock().toISOString();
    const names: Record<string, string> = {
      '#hash': 'profileHash',
      '#updatedAt': 'updatedAt',
      '#timeZone': 'timeZone',
      '#consent': 'consent',
      '#attributes': 'attributes',
    };
    const values: Record<string, unknown> = {
      ':hash': hash,
      ':now': now,
      ':timeZone': profile.timeZone,
      ':consent': profile.consent,
      ':attributes': profile.attributes,
    };
    const sets = [
      '#hash = :hash',
      '#updatedAt = :now',
      '#timeZone = :timeZone',
      '#consent = :consent',
      '#attributes = :attributes',
    ];
    const removes: string[] = [];
    for (const field of OPTIONAL_FIELDS) {
      const value = profile[field];
      if (value !== undefined) {
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      } else {
        names[`#${field}`] = field;
        removes.push(`#${field}`);
      }
    }
    names['#erasedAt'] = 'erasedAt';
    // An erasure that lands between our read and this write wins; an unchanged profile is not
    // rewritten. `NOT #hash = :hash` holds when the hash is missing, as a comparison with a
    // missing attribute is false; it says what `(attribute_not_exists(#hash) OR #hash <> :hash)`
    // says without the parentheses, which cost dynalite's expression parser six times as much
    // (a fifth of the local stack's time in a customer import).
    const condition = 'attribute_not_exists(#erasedAt) AND NOT #hash = :hash';
    return new UpdateItemCommand({
      TableName: this.tableName,
      Key: toItem({ customerId: profile.customerId }),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    });
  }

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    const out = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: toItem({ customerId }), ConsistentRead: true }),
    );
    return out.Item ? recordOf(fromItem<Record<string, unknown>>(out.Item)) : undefined;
  }

  async getMany(customerIds: readonly string[]): Promise<Map<string, CustomerRecord>> {
    const items = await batchGet<Record<string, unknown>>(
      this.db,
      this.tableName,
      [...new Set(customerIds)].map((customerId) => ({ customerId })),
    );
    return new Map(items.map((item) => [String(item.customerId), recordOf(item)]));
  }

  async suppress(customerId: string, channel: 'email' | 'sms', reason: string): Promise<void> {
    // Top-level attributes, not a map: a nested SET needs the map to exist, and this must not
    // create a customer either (a late event for an unknown id changes nothing).
    await conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toItem({ customerId }),
          UpdateExpression: 'SET #s = if_not_exists(#s, :reason)',
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: { '#s': `${channel}Suppressed`, '#id': 'customerId' },
          ExpressionAttributeValues: toItem({ ':reason': reason }),
        }),
      ),
    );
  }

  async claimJourney(
    customerId: string,
    campaignId: string,
    { priority, exclusivity, now }: JourneyClaimRequest,
  ): Promise<ClaimDecision> {
    const key = toItem({ customerId });
    // The claim is free when nothing the rules weigh stands in the way, or the journey is ours.
    // DynamoDB refuses redundant parentheses: one term is written as it is.
    const free = [
      ...(exclusivity.oneJourneyAtATime ? ['attribute_not_exists(#journeys)'] : []),
      // `NOT #ended > :since` holds when there is no end yet (see upsertProfiles).
      ...(exclusivity.cooldownDays > 0 ? ['NOT #ended > :since'] : []),
    ];
    const join = () =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD #journeys :campaigns SET #priority = :priority',
          ConditionExpression: free.length
            ? `attribute_exists(#id) AND (contains(#journeys, :campaign) OR ${parenthesized(free)})`
            : 'attribute_exists(#id)',
          ExpressionAttributeNames: {
            '#id': 'customerId',
            '#journeys': 'journeys',
            '#priority': 'journeyPriority',
            ...(exclusivity.cooldownDays > 0 ? { '#ended': 'lastJourneyEndedAt' } : {}),
          },
          ExpressionAttributeValues: toItem({
            ':campaigns': new Set([campaignId]),
            ':priority': priority,
            ...(free.length ? { ':campaign': campaignId } : {}),
            ...(exclusivity.cooldownDays > 0 ? { ':since': cooldownSince(exclusivity, now) } : {}),
          }),
        }),
      );
    // A claim that changed between the write and the read is decided again, a few times at most.
    for (let round = 0; round < 3; round++) {
      if (await conditionHeld(join)) return { kind: 'free' };
      const item = await getItem<JourneyClaims & { journeys?: Set<string> }>(this.db, this.tableName, {
        customerId,
      });
      // Gone since the journey began: nothing to claim (its next step finds no customer).
      if (!item) return { kind: 'free' };
      const theirs = [...(item.journeys ?? [])];
      const decision = claimDecision(
        { ...item, journeys: theirs },
        { campaignId, priority },
        exclusivity,
        now,
      );
      if (decision.kind === 'held-back') return decision;
      if (decision.kind === 'take-over') {
        const tookOver = await conditionHeld(() =>
          this.db.send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: key,
              UpdateExpression: 'SET #journeys = :ours, #priority = :priority',
              ConditionExpression: `#journeys = :theirs AND ${item.journeyPriority === undefined ? 'attribute_not_exists(#priority)' : '#priority = :theirPriority'}`,
              ExpressionAttributeNames: { '#journeys': 'journeys', '#priority': 'journeyPriority' },
              ExpressionAttributeValues: toItem({
                ':ours': new Set([campaignId]),
                ':theirs': new Set(theirs),
                ':priority': priority,
                ...(item.journeyPriority === undefined ? {} : { ':theirPriority': item.journeyPriority }),
              }),
            }),
          ),
        );
        if (tookOver) return decision;
      }
    }
    throw new Error(`the journeys of customer ${customerId} kept changing while a campaign claimed them`);
  }

  async leaveJourney(customerId: string, campaignId: string, at: string): Promise<void> {
    // Only a journey that was under way starts the cooldown (a repeated leave changes nothing),
    // and the cooldown runs from the latest end: where campaigns overlap, a journey that ends
    // before another one already ended leaves the customer without moving it back (a second
    // write, only then). `NOT #ended > :at` also holds when there is no end yet.
    const leave = (andLatest: boolean) =>
      conditionHeld(() =>
        this.db.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: toItem({ customerId }),
            UpdateExpression: `DELETE #journeys :campaigns${andLatest ? ' SET #ended = :at' : ''}`,
            ConditionExpression: `contains(#journeys, :campaign)${andLatest ? ' AND NOT #ended > :at' : ''}`,
            ExpressionAttributeNames: {
              '#journeys': 'journeys',
              ...(andLatest ? { '#ended': 'lastJourneyEndedAt' } : {}),
            },
            ExpressionAttributeValues: toItem({
              ':campaigns': new Set([campaignId]),
              ':campaign': campaignId,
              ...(andLatest ? { ':at': at } : {}),
            }),
          }),
        ),
      );
    if (!(await leave(true))) await leave(false);
  }

  async notePreviousContact(customerId: string, contact: PreviousContact): Promise<void> {
    await conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toItem({ customerId }),
          UpdateExpression: 'SET #contact = :contact',
          // ISO 8601 instants in UTC compare as strings.
          ConditionExpression:
            'attribute_exists(#id) AND (attribute_not_exists(#contact) OR #contact.#at < :at)',
          ExpressionAttributeNames: { '#contact': 'previousContact', '#id': 'customerId', '#at': 'at' },
          ExpressionAttributeValues: toItem({ ':contact': { ...contact }, ':at': contact.at }),
        }),
      ),
    );
  }

  async enrolmentFactsOf(customerIds: readonly string[]): Promise<Map<string, EnrolmentFacts>> {
    const items = await batchGet<
      { customerId: string; stats?: { spend?: number }; journeys?: Set<string> } & Omit<
        JourneyClaims,
        'journeys'
      >
    >(
      this.db,
      this.tableName,
      [...new Set(customerIds)].map((customerId) => ({ customerId })),
      {
        expression: '#id, #stats.#spend, #journeys, #priority, #ended',
        names: {
          '#id': 'customerId',
          '#stats': 'stats',
          '#spend': 'spend',
          '#journeys': 'journeys',
          '#priority': 'journeyPriority',
          '#ended': 'lastJourneyEndedAt',
        },
      },
    );
    return new Map(
      items.map(({ customerId, stats, journeys, journeyPriority, lastJourneyEndedAt }) => [
        customerId,
        {
          spend: stats?.spend ?? 0,
          claims: {
            ...(journeys?.size ? { journeys: [...journeys].sort() } : {}),
            ...(journeyPriority !== undefined ? { journeyPriority } : {}),
            ...(lastJourneyEndedAt ? { lastJourneyEndedAt } : {}),
          },
        },
      ]),
    );
  }

  async purchasesOf(customerIds: readonly string[]): Promise<Map<string, CustomerPurchases>> {
    const items = await batchGet<{ customerId: string; stats?: CustomerPurchases }>(
      this.db,
      this.tableName,
      [...new Set(customerIds)].map((customerId) => ({ customerId })),
      {
        expression: '#id, #stats.#days, #stats.#spend',
        names: { '#id': 'customerId', '#stats': 'stats', '#days': 'purchaseDays', '#spend': 'spend' },
      },
    );
    return new Map(
      items.flatMap((item) =>
        item.stats?.purchaseDays
          ? [
              [
                item.customerId,
                { purchaseDays: item.stats.purchaseDays, spend: item.stats.spend ?? 0 },
              ] as const,
            ]
          : [],
      ),
    );
  }

  async erase(customerId: string): Promise<boolean> {
    const names: Record<string, string> = {
      '#id': 'customerId',
      '#erasedAt': 'erasedAt',
      '#consent': 'consent',
      '#hash': 'profileHash',
      '#updatedAt': 'updatedAt',
    };
    for (const field of PERSONAL_FIELDS) names[`#${field}`] = field;
    const now = this.clock().toISOString();
    return conditionHeld(() =>
      this.db.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toItem({ customerId }),
          UpdateExpression: `SET #erasedAt = if_not_exists(#erasedAt, :now), #updatedAt = :now, #consent = :noConsent REMOVE #hash, ${PERSONAL_FIELDS.map((f) => `#${f}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#id)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: toItem({ ':now': now, ':noConsent': { email: false, sms: false } }),
        }),
      ),
    );
  }
}

const erasedOutcome = (erasedAt: string): ProfileOutcome => ({
  status: 'rejected',
  reasons: [erasedReason(erasedAt)],
});

/** The stored item as the domain sees it: bookkeeping dropped, suppressions and journeys shaped. */
function recordOf(item: Record<string, unknown>): CustomerRecord {
  const {
    profileHash: _hash,
    rev: _rev,
    pendingOrders: _pending,
    emailSuppressed,
    smsSuppressed,
    journeys,
    ...record
  } = item;
  const customer = record as unknown as CustomerRecord;
  if (emailSuppressed || smsSuppressed)
    customer.suppressed = {
      ...(emailSuppressed ? { email: String(emailSuppressed) } : {}),
      ...(smsSuppressed ? { sms: String(smsSuppressed) } : {}),
    };
  if (journeys instanceof Set && journeys.size > 0) customer.journeys = [...(journeys as Set<string>)].sort();
  return customer;
}

/** Terms joined by AND as one operand: parentheses only around two or more (DynamoDB refuses redundant ones). */
const parenthesized = (terms: readonly string[]): string =>
  terms.length === 1 ? (terms[0] as string) : `(${terms.join(' AND ')})`;
