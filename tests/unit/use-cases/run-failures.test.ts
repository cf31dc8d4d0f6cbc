/**
 * What the workflows' Catch runs when a step failed past every retry: a journey ends `failed`
 * with the error and lets the customer go; a campaign run keeps why it stopped on the campaign.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { failureReason } from '../../../functions/domain/step-failure.js';
import { placeCallSchedule } from '../../../functions/use-cases/journey-steps.js';
import { recordCampaignRunFailure } from '../../../functions/use-cases/record-campaign-failure.js';
import { recordJourneyFailure } from '../../../functions/use-cases/record-journey-failure.js';
import {
  InMemoryCallScheduler,
  InMemoryCampaigns,
  InMemoryJourneys,
} from '../../fakes/in-memory-journeys.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { runningCampaign } from '../../support/campaigns.js';
import { joinJourney } from '../../support/join-journey.js';

const NOW = new Date('2026-06-10T14:00:00Z');
const ids = { campaignId: 'spring', customerId: 'c-1' };
const lambdaError = (errorType: string, errorMessage: string) => ({
  Error: errorType,
  Cause: JSON.stringify({ errorType, errorMessage, trace: ['at line 1', 'at line 2'] }),
});

describe('failureReason', () => {
  it("keeps a Lambda error's name and message, never its stack trace", () => {
    expect(failureReason(lambdaError('ProviderError', 'SES said\nno'))).toBe('ProviderError: SES said no');
  });

  it('keeps a Step Functions cause as it is, and the name alone when there is none', () => {
    expect(failureReason({ Error: 'States.Timeout', Cause: 'Task timed out after 60 seconds' })).toBe(
      'States.Timeout: Task timed out after 60 seconds',
    );
    expect(failureReason({ Error: 'States.Timeout' })).toBe('States.Timeout');
  });

  it('cuts a very long message to 300 characters', () => {
    const reason = failureReason(lambdaError('Boom', 'x'.repeat(1000)));
    expect(reason).toHaveLength(300);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('Use case: record a journey failure', () => {
  let journeys: InMemoryJourneys;
  let customers: InMemoryStore;
  let calls: InMemoryCallScheduler;
  const deps = () => ({ journeys, customers, calls, clock: () => NOW });
  /** A call already scheduled for the journey, as its call step leaves it. */
  const scheduleCall = () =>
    placeCallSchedule({ calls, journeys }, ids, 'call-spring-c-1', new Date(NOW.getTime() + 3_600_000), {
      at: NOW.toISOString(),
      step: 'call',
      outcome: 'scheduled',
    });

  beforeEach(async () => {
    journeys = new InMemoryJourneys();
    customers = new InMemoryStore();
    calls = new InMemoryCallScheduler();
    await customers.upsertProfiles([
      {
        customerId: ids.customerId,
        email: 'kim@example.com',
        timeZone: 'UTC',
        consent: { email: true, sms: true },
        attributes: {},
      },
    ]);
    await joinJourney(customers, ids.customerId, ids.campaignId);
    await journeys.enrol({ ...ids, status: 'active', enrolledAt: NOW.toISOString(), timeline: [] });
  });

  it('ends the journey failed with the error, frees the customer and deletes a pending call schedule', async () => {
    // Prepare: a call already scheduled
    await scheduleCall();

    // Act
    const result = await recordJourneyFailure(deps(), {
      ...ids,
      failure: lambdaError('DynamoTimeout', 'read timed out'),
    });

    // Assess
    expect(result).toEqual({ failed: true, reason: 'DynamoTimeout: read timed out' });
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({
      status: 'failed',
      exitReason: 'DynamoTimeout: read timed out',
    });
    expect((await journeys.get(ids.campaignId, ids.customerId))?.timeline.at(-1)).toMatchObject({
      step: 'exit',
      outcome: 'failed',
      at: NOW.toISOString(),
    });
    expect((await customers.get(ids.customerId))?.journeys ?? []).not.toContain(ids.campaignId);
    expect(calls.pending.size).toBe(0);
  });

  it('finishes the clean-up on a retry after the journey was already marked failed', async () => {
    // Prepare: the first attempt ended the journey, then failed before freeing the customer
    await scheduleCall();
    await journeys.end(
      ids.campaignId,
      ids.customerId,
      { at: NOW.toISOString(), step: 'exit', outcome: 'failed', reason: 'States.Timeout' },
      { status: 'failed' },
    );

    // Act
    const result = await recordJourneyFailure(deps(), { ...ids, failure: { Error: 'States.Timeout' } });

    // Assess
    expect(result.failed).toBe(true);
    expect((await customers.get(ids.customerId))?.journeys ?? []).not.toContain(ids.campaignId);
    expect(calls.pending.size).toBe(0);
  });

  it('leaves a journey that ended meanwhile (a response) with its own reason', async () => {
    await journeys.end(ids.campaignId, ids.customerId, {
      at: NOW.toISOString(),
      step: 'exit',
      outcome: 'purchase',
    });

    const result = await recordJourneyFailure(deps(), { ...ids, failure: { Error: 'States.Timeout' } });

    expect(result.failed).toBe(false);
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({
      status: 'ended',
      exitReason: 'purchase',
    });
  });
});

describe('Use case: record a campaign run failure', () => {
  it('keeps the run, the reason and the time on the campaign, its status unchanged', async () => {
    // Prepare
    const campaigns = new InMemoryCampaigns();
    await campaigns.create(
      runningCampaign(
        ids.campaignId,
        { name: 'Spring', email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, sms: { text: 'Hi' } },
        NOW,
      ),
    );

    // Act
    await recordCampaignRunFailure(
      { campaigns, clock: () => NOW },
      { campaignId: ids.campaignId, action: 'cancel', failure: lambdaError('Throttled', 'rate exceeded') },
    );

    // Assess
    expect(await campaigns.get(ids.campaignId)).toMatchObject({
      status: 'running',
      runFailure: { run: 'cancel', reason: 'Throttled: rate exceeded', at: NOW.toISOString() },
    });
  });
});
