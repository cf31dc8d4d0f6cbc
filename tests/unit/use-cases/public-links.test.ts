import { describe, expect, it } from 'vitest';
import { executionName } from '../../../functions/domain/journey/journey-rules.js';
import type { SendRecord } from '../../../functions/domain/journey/send.js';
import {
  CLICK_LINK_DAYS,
  type ClickDeps,
  followLink,
  LinkError,
} from '../../../functions/use-cases/public-links.js';
import {
  InMemoryCallScheduler,
  InMemoryCampaigns,
  InMemoryJourneys,
  InMemorySendLedger,
  RecordingRuns,
} from '../../fakes/in-memory-journeys.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { joinJourney } from '../../support/join-journey.js';

const SEND_ID = '7f1c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const SENT_AT = '2026-06-01T10:00:00.000Z';

/**
 * The world a link is followed in, on in-memory ports: customer c-1 in an active journey of the
 * spring campaign, and the send the link names (if any). `untouched` says nothing was ended,
 * stopped, suppressed or cancelled.
 */
async function world(send: SendRecord | undefined, now: string) {
  const sends = new InMemorySendLedger();
  if (send) sends.seed(send);
  const journeys = new InMemoryJourneys();
  await journeys.enrol({
    campaignId: 'spring',
    customerId: 'c-1',
    status: 'active',
    executionName: executionName('spring', 'c-1'),
    enrolledAt: SENT_AT,
    timeline: [],
  });
  const customers = new InMemoryStore();
  await customers.upsertProfiles([
    {
      customerId: 'c-1',
      email: 'kim@example.com',
      timeZone: 'UTC',
      consent: { email: true, sms: true },
      attributes: {},
    },
  ]);
  await joinJourney(customers, 'c-1', 'spring');
  const runs = new RecordingRuns();
  const calls = new InMemoryCallScheduler();
  const d: ClickDeps = {
    sends,
    campaigns: new InMemoryCampaigns(),
    customers,
    journeys,
    runs,
    calls,
    clock: () => new Date(now),
  };
  const untouched = async () =>
    (await journeys.get('spring', 'c-1'))?.status === 'active' &&
    runs.stopped.length === 0 &&
    (await customers.get('c-1'))?.suppressed === undefined &&
    ((await customers.get('c-1'))?.journeys ?? []).includes('spring');
  return { d, journeys, runs, untouched };
}

const sent = (status: SendRecord['status']): SendRecord => ({
  customerId: 'c-1',
  campaignId: 'spring',
  step: 'email',
  sendId: SEND_ID,
  claimedAt: SENT_AT,
  sentAt: SENT_AT,
  status,
});

describe('public links', () => {
  it('records a click within the link lifetime', async () => {
    const { d, journeys, runs } = await world(sent('sent'), '2026-06-20T00:00:00Z');
    expect(await followLink(d, SEND_ID)).toEqual({});
    expect(await journeys.get('spring', 'c-1')).toMatchObject({ status: 'ended', exitReason: 'click' });
    expect(runs.stopped).toEqual([executionName('spring', 'c-1')]);
  });

  it(`refuses a click link older than ${CLICK_LINK_DAYS} days as expired, and ends nothing`, async () => {
    const late = new Date(Date.parse(SENT_AT) + (CLICK_LINK_DAYS + 1) * 86_400_000).toISOString();
    const { d, untouched } = await world(sent('sent'), late);
    await expect(followLink(d, SEND_ID)).rejects.toMatchObject({ kind: 'expired' });
    expect(await untouched()).toBe(true);
  });

  it('treats a skipped send, an unknown id and a malformed id alike: unknown', async () => {
    for (const [send, id] of [
      [sent('skipped'), SEND_ID],
      [undefined, SEND_ID],
      [sent('sent'), 'c-1#spring#email'],
    ] as const) {
      const { d, untouched } = await world(send, '2026-06-02T00:00:00Z');
      const error = await followLink(d, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkError);
      expect((error as LinkError).kind).toBe('unknown');
      expect(await untouched()).toBe(true);
    }
  });
});
