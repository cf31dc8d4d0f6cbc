/**
 * SES feedback on dynalite, fed the event records SES publishes (tags as the send step sets
 * them): hard bounces and complaints close channels, every kind is counted once per send, and a
 * campaign whose bounce or complaint rate reaches its limit pauses itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../../functions/adapters/dynamodb-journey-store.js';
import { DynamoSendLedger } from '../../../functions/adapters/dynamodb-send-ledger.js';
import { readSesEvent } from '../../../functions/domain/journey/delivery-feedback.js';
import {
  type FeedbackDeps,
  recordDeliveryFeedback,
} from '../../../functions/use-cases/record-delivery-feedback.js';
import { runningCampaign } from '../../support/campaigns.js';
import { joinJourney } from '../../support/join-journey.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const NOW = new Date('2026-06-10T14:00:00Z');

/** An SES event record as published through a configuration set. */
const sesEvent = (
  eventType: string,
  campaignId: string,
  sendId: string,
  extra: Record<string, unknown> = {},
) => ({
  eventType,
  mail: {
    timestamp: NOW.toISOString(),
    source: 'winback@shop.example',
    messageId: `0100018f-${sendId}`,
    destination: ['someone@example.com'],
    tags: {
      'ses:configuration-set': ['reactivate-test'],
      campaign: [campaignId],
      step: ['email'],
      send: [sendId],
    },
  },
  ...extra,
});
const hardBounce = { bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [] } };

describe('Use case: SES feedback', () => {
  let fx: DynamoFixture;
  let deps: FeedbackDeps;
  let campaigns: DynamoCampaignStore;
  let sends: DynamoSendLedger;
  const stopped: string[] = [];

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    campaigns = new DynamoCampaignStore(fx.db, t.campaigns);
    sends = new DynamoSendLedger(fx.db, t.sends);
    deps = {
      customers: new DynamoCustomerRepository(fx.db, t.customers),
      journeys: new DynamoJourneyStore(fx.db, t.journeys),
      runs: {
        start: async () => 'started',
        stop: async (name) => {
          stopped.push(name);
        },
        status: async () => 'RUNNING',
      },
      calls: { schedule: async () => 'created', cancel: async () => undefined } as never,
      clock: () => NOW,
      sends,
      campaigns,
      limits: { bounceRate: 0.02, complaintRate: 0.0008, minSent: 50 },
    };
  });
  afterAll(() => fx.close());

  /** A running campaign with `count` customers, each sent one email: their send ids. */
  const campaignWithSends = async (campaignId: string, count: number): Promise<string[]> => {
    await campaigns.create(
      runningCampaign(
        campaignId,
        {
          name: campaignId,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
        },
        NOW.toISOString(),
      ),
    );
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const customerId = `${campaignId}-${i}`;
      await deps.customers.upsertProfiles([
        {
          customerId,
          email: `${customerId}@example.com`,
          phone: '+14155552671',
          timeZone: 'UTC',
          consent: { email: true, sms: true },
          attributes: {},
        },
      ]);
      await deps.journeys.enrol({
        campaignId,
        customerId,
        status: 'active',
        enrolledAt: NOW.toISOString(),
        executionName: `j-${customerId}`,
        timeline: [],
      });
      await joinJourney(deps.customers, customerId, campaignId);
      const claim = {
        customerId,
        campaignId,
        step: 'email' as const,
        sendId: randomUUID(),
        claimedAt: NOW.toISOString(),
      };
      await sends.claim(claim);
      await sends.markSent(claim, `m-${i}`, NOW.toISOString());
      ids.push(claim.sendId);
    }
    return ids;
  };
  const apply = (record: unknown) => {
    const feedback = readSesEvent(record);
    if (!feedback) throw new Error('not a counted event');
    return recordDeliveryFeedback(deps, feedback);
  };

  it('closes email for good on a hard bounce, once however often SES repeats the event; a soft bounce counts nothing', async () => {
    const [send] = (await campaignWithSends('bounce', 1)) as [string];
    expect(await apply(sesEvent('Bounce', 'bounce', send, hardBounce))).toEqual({ applied: true });
    expect(await apply(sesEvent('Bounce', 'bounce', send, hardBounce))).toEqual({
      applied: false,
      reason: 'repeat',
    });
    expect((await deps.customers.get('bounce-0'))?.suppressed).toMatchObject({
      email: 'hard bounce (General)',
    });
    expect((await deps.customers.get('bounce-0'))?.suppressed?.sms).toBeUndefined();
    expect((await campaigns.get('bounce'))?.emailStats).toEqual({ bounced: 1 });
    const soft = sesEvent('Bounce', 'bounce', send, {
      bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull' },
    });
    expect(readSesEvent(soft)).toBeUndefined();
    // Mail of other senders in the account (no tags) and forged send ids change nothing.
    expect(readSesEvent({ eventType: 'Delivery', mail: { messageId: 'x', tags: {} } })).toBeUndefined();
    expect(await apply(sesEvent('Delivery', 'bounce', randomUUID()))).toEqual({
      applied: false,
      reason: 'unknown send',
    });
  });

  it('ends the journey and closes all marketing on a complaint', async () => {
    const [send] = (await campaignWithSends('complaint', 1)) as [string];
    await apply(sesEvent('Complaint', 'complaint', send, { complaint: { complaintFeedbackType: 'abuse' } }));
    expect(await deps.journeys.get('complaint', 'complaint-0')).toMatchObject({
      status: 'ended',
      exitReason: 'complaint',
    });
    expect(stopped).toContain('j-complaint-0');
    const suppressed = (await deps.customers.get('complaint-0'))?.suppressed;
    expect(suppressed?.email).toBeDefined();
    expect(suppressed?.sms).toBeDefined();
  });

  it('applies what a failure part-way left undone when the event comes again, and counts it once', async () => {
    // Prepare: closing SMS fails on the first delivery of the complaint
    const [send] = (await campaignWithSends('retried', 1)) as [string];
    const customers = deps.customers;
    let failures = 1;
    deps = {
      ...deps,
      customers: Object.assign(Object.create(customers), {
        suppress: async (id: string, channel: 'email' | 'sms', reason: string) => {
          if (channel === 'sms' && failures-- > 0) throw new Error('throttled');
          return customers.suppress(id, channel, reason);
        },
      }),
    };
    const event = sesEvent('Complaint', 'retried', send, { complaint: { complaintFeedbackType: 'abuse' } });

    // Act: Lambda's retry (or a redrive) delivers the same event again
    await expect(apply(event)).rejects.toThrow('throttled');
    await apply(event);
    await apply(event);

    // Assess
    expect((await deps.customers.get('retried-0'))?.suppressed?.sms).toBeDefined();
    expect((await campaigns.get('retried'))?.emailStats?.complained).toBe(1);
  });

  it('treats an unsubscribe through SES subscription management as an unsubscribe; an opt-in changes nothing', async () => {
    const [left, stayed] = (await campaignWithSends('subscription', 2)) as [string, string];
    const change = (unsubscribeAll: boolean, status: 'OptIn' | 'OptOut') => ({
      subscription: {
        contactList: 'customers',
        timestamp: NOW.toISOString(),
        source: 'UnsubscribeHeader',
        newTopicPreferences: {
          unsubscribeAll,
          topicSubscriptionStatus: [{ topicName: 'offers', subscriptionStatus: status }],
        },
        oldTopicPreferences: {
          unsubscribeAll: false,
          topicSubscriptionStatus: [{ topicName: 'offers', subscriptionStatus: 'OptIn' }],
        },
      },
    });
    expect(
      readSesEvent(sesEvent('Subscription', 'subscription', stayed, change(false, 'OptIn'))),
    ).toBeUndefined();
    expect(await apply(sesEvent('Subscription', 'subscription', left, change(false, 'OptOut')))).toEqual({
      applied: true,
    });
    expect(await deps.journeys.get('subscription', 'subscription-0')).toMatchObject({
      status: 'ended',
      exitReason: 'unsubscribe',
    });
    expect((await deps.customers.get('subscription-0'))?.suppressed?.email).toBeDefined();
    expect((await deps.customers.get('subscription-0'))?.suppressed?.sms).toBeUndefined();
    expect(await deps.journeys.get('subscription', 'subscription-1')).toMatchObject({ status: 'active' });
    expect((await campaigns.get('subscription'))?.emailStats).toEqual({ unsubscribed: 1 });
  });

  it('pauses the campaign once its hard-bounce rate reaches 2 % of the emails sent, not before', async () => {
    const sends = await campaignWithSends('breaker', 60);
    for (const send of sends) await apply(sesEvent('Send', 'breaker', send));
    for (const send of sends.slice(0, 10)) await apply(sesEvent('Delivery', 'breaker', send));
    expect((await campaigns.get('breaker'))?.status).toBe('running');
    // 1 of 60 = 1.7 %: still running; 2 of 60 = 3.3 %: paused, and said why.
    expect(await apply(sesEvent('Bounce', 'breaker', sends[58] as string, hardBounce))).toEqual({
      applied: true,
    });
    expect((await campaigns.get('breaker'))?.status).toBe('running');
    const second = await apply(sesEvent('Bounce', 'breaker', sends[59] as string, hardBounce));
    expect(second).toMatchObject({
      applied: true,
      paused: expect.stringMatching(/bounce rate 3\.33 % reached the limit of 2\.00 %/),
    });
    expect((await campaigns.get('breaker'))?.status).toBe('paused');
    expect((await campaigns.get('breaker'))?.emailStats).toEqual({
      sent: 60,
      delivered: 10,
      bounced: 2,
    });
  });
});
