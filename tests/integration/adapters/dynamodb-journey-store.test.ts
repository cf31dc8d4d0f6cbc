/**
 * The journey store on dynalite: a purchase ends a journey that began at or before it — one in
 * the very instant of the enrolment too (a sped-up local clock stands still while steps run) —
 * and never one that began after it; an ended journey is not ended twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJourneyStore } from '../../../functions/adapters/dynamodb-journey-store.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const ENROLLED = '2026-06-01T10:00:00.000Z';

describe('DynamoJourneyStore.end', () => {
  let fx: DynamoFixture;
  let journeys: DynamoJourneyStore;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    journeys = new DynamoJourneyStore(fx.db, (await fx.freshTables()).journeys);
  });
  afterAll(() => fx.close());

  const enrol = (customerId: string) =>
    journeys.enrol({
      campaignId: 'spring',
      customerId,
      status: 'active',
      enrolledAt: ENROLLED,
      executionName: `j-${customerId}`,
      timeline: [],
    });
  const purchase = (customerId: string, at: string) =>
    journeys.end(
      'spring',
      customerId,
      { at, step: 'exit', outcome: 'ended', reason: 'purchase' },
      { enrolledBy: at },
    );

  it('ends a journey on a purchase in the instant of its enrolment or after it, not on an earlier one', async () => {
    for (const id of ['same-instant', 'later', 'earlier']) await enrol(id);
    expect(await purchase('same-instant', ENROLLED)).toMatchObject({
      status: 'ended',
      exitReason: 'purchase',
    });
    expect(await purchase('later', '2026-06-01T10:00:00.001Z')).toMatchObject({ status: 'ended' });
    expect(await purchase('earlier', '2026-06-01T09:59:59.999Z')).toBeUndefined();
    expect(await journeys.get('spring', 'earlier')).toMatchObject({ status: 'active' });
    // The first reason wins: a second response changes nothing.
    expect(await purchase('later', '2026-06-02T00:00:00.000Z')).toBeUndefined();
  });

  it("pages the active journeys, or only those with no call schedule pending (the reconciler's)", async () => {
    await journeys.enrol({
      campaignId: 'summer',
      customerId: 'waiting',
      status: 'active',
      enrolledAt: ENROLLED,
      timeline: [],
    });
    await journeys.enrol({
      campaignId: 'summer',
      customerId: 'scheduled',
      status: 'active',
      enrolledAt: ENROLLED,
      callSchedule: 'call-scheduled',
      timeline: [],
    });
    await journeys.enrol({
      campaignId: 'summer',
      customerId: 'done',
      status: 'completed',
      enrolledAt: ENROLLED,
      timeline: [],
    });

    const ids = async (options?: { waitingForStep?: boolean }) =>
      (await journeys.activePage('summer', undefined, options)).items.map((j) => j.customerId).sort();

    expect(await ids()).toEqual(['scheduled', 'waiting']);
    expect(await ids({ waitingForStep: true })).toEqual(['waiting']);
  });
});
