/**
 * The preview warns with counts: an audience most of whom only a manager could reach, customers
 * whose calling window never meets the managers' hours, and days whose planned calls or emails
 * exceed the managers' capacity or the send rate.
 */
import { describe, expect, it } from 'vitest';
import type { AudienceCandidate } from '../../../functions/domain/journey/audience.js';
import type { CampaignSettings } from '../../../functions/domain/journey/campaign.js';
import { type PreviewDeps, previewCampaign } from '../../../functions/use-cases/preview-campaign.js';
import { InMemoryCampaigns, InMemoryJourneys } from '../../fakes/in-memory-journeys.js';
import { InMemoryOfferCodes } from '../../fakes/in-memory-offer-codes.js';
import { InMemoryAudience, InMemoryModels } from '../../fakes/in-memory-scoring.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { runningCampaign } from '../../support/campaigns.js';

const NOW = new Date('2026-06-01T06:00:00Z'); // a Monday
const anyTime = { start: '09:00', end: '20:00' };

async function preview(
  customers: { id: string; email?: boolean; phone?: boolean; timeZone: string }[],
  settings: Partial<PreviewDeps['settings']> = {},
  before: (store: InMemoryStore, journeys: InMemoryJourneys) => Promise<void> = async () => undefined,
  /** The SES account's maximum send rate (unknown by default). */
  accountRate?: number,
  /** The campaign's offer, and the code pools its personal codes come from. */
  offer?: CampaignSettings['offer'],
  codes = new InMemoryOfferCodes(),
) {
  const campaigns = new InMemoryCampaigns();
  await campaigns.create(
    runningCampaign(
      'summer',
      {
        name: 'Summer',
        priority: 3,
        leadDays: 0,
        holdoutPercent: 0,
        email: { subject: 'Hi', html: '<p>{{link}}</p>', text: '{{link}}' },
        sms: { text: 'Hi' },
        ...(offer ? { offer } : {}),
      },
      NOW,
    ),
  );
  const store = new InMemoryStore();
  await store.upsertProfiles(
    customers.map((c) => ({
      customerId: c.id,
      ...(c.email ? { email: `${c.id}@example.com` } : {}),
      ...(c.phone ? { phone: '+14155552671' } : {}),
      timeZone: c.timeZone,
      consent: { email: Boolean(c.email), sms: Boolean(c.phone) },
      attributes: {},
    })),
  );
  const journeys = new InMemoryJourneys();
  await before(store, journeys);
  const candidates: AudienceCandidate[] = customers.map((c) => ({
    customerId: c.id,
    churnMomentOn: '2026-06-01',
    pAlive: 0.3,
    clv365Days: 10,
    lapsedCategories: [],
  }));
  return previewCampaign(
    {
      campaigns,
      audience: new InMemoryAudience(candidates),
      models: new InMemoryModels([]),
      customers: store,
      journeys,
      codes,
      quota: { emailPerSecond: async () => accountRate },
      settings: {
        windows: { email: anyTime, sms: anyTime, call: anyTime },
        manager: {
          window: { start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] },
          timeZone: 'Europe/London',
          callsPerHour: 2,
        },
        pacing: { emailPerSecond: 14, smsPartsPerSecond: 1 },
        exclusivity: { oneJourneyAtATime: true, cooldownDays: 14 },
        defaultTimeZone: 'UTC',
        publicUrl: 'https://shop.example',
        postalAddress: '1 Main St',
        ...settings,
      },
      segments: 1,
      modelFit: { unitDays: 7, penalizer: 0 },
      clock: () => NOW,
    },
    'summer',
  );
}

describe('Use case: previewing a campaign — warnings', () => {
  it('warns when most customers can only be called, when calling windows never meet the managers’ hours, and when a day’s calls exceed the managers’ capacity', async () => {
    // Prepare: 30 Londoners with no email or phone, 2 in Honolulu the same (their 09:00–20:00 never meets London's office hours), 5 with email
    const customers = [
      ...Array.from({ length: 30 }, (_, i) => ({ id: `l${i}`, timeZone: 'Europe/London' })),
      { id: 'h1', timeZone: 'Pacific/Honolulu' },
      { id: 'h2', timeZone: 'Pacific/Honolulu' },
      ...Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, email: true, timeZone: 'Europe/London' })),
    ];

    // Act
    const { warnings } = await preview(customers);

    // Assess
    const byCode = Object.fromEntries(warnings.map((w) => [w.code, w]));
    expect(byCode['mostly-call-only']).toMatchObject({ count: 32 });
    expect(byCode['no-callable-hours']).toMatchObject({ count: 2 });
    expect(byCode['no-callable-hours']?.message).toMatch(/^no callable hours: 2 customers/);
    expect(byCode.unreachable).toMatchObject({ count: 2 });
    // At 2 an hour for 8 hours the managers make 16 calls a day: the 30 call-only Londoners are all
    // due on Monday (14 too many); the five emailed customers' calls come days later, within it.
    expect(byCode['calls-over-capacity']).toMatchObject({ count: 14, days: { '2026-06-01': 30 } });
    expect(byCode['emails-over-rate']).toBeUndefined();
  });

  it('warns when a day’s emails exceed what the send rate can send in the window', async () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, email: true, timeZone: 'UTC' }));
    const { warnings } = await preview(customers, {
      pacing: { emailPerSecond: 0.0005, smsPartsPerSecond: 1 }, // 19.8 a day in an 11-hour window
    });
    const emails = warnings.find((w) => w.code === 'emails-over-rate');
    expect(emails?.count).toBe(40 - 19);
    expect(emails?.days).toEqual({ '2026-06-01': 40 });
  });

  it("counts a day's emails against the SES account's maximum send rate when it is below the configured one", async () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, email: true, timeZone: 'UTC' }));
    const configured = { pacing: { emailPerSecond: 14, smsPartsPerSecond: 1 } };

    const capped = await preview(customers, configured, undefined, 0.0005);
    const roomy = await preview(customers, configured, undefined, 50);

    const emails = capped.warnings.find((w) => w.code === 'emails-over-rate');
    expect(emails?.count).toBe(40 - 19);
    expect(emails?.message).toMatch(/0\.0005 a second .*SES account's maximum send rate; 14 configured/);
    expect(roomy.warnings.find((w) => w.code === 'emails-over-rate')).toBeUndefined();
  });

  it('counts the customers other campaigns hold back, and those it would take over from a lower priority', async () => {
    // Prepare: 10 reachable customers; 3 in winter's journey (priority 5), 2 in spring's (priority 1),
    // 1 cooling down, 1 still claimed by a vip journey that ended 20 days ago (its release was lost)
    const customers = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, email: true, timeZone: 'UTC' }));
    const rules = { oneJourneyAtATime: true, cooldownDays: 14 };
    const join = (store: InMemoryStore, id: string, campaignId: string, priority: number) =>
      store.claimJourney(id, campaignId, { priority, exclusivity: rules, now: NOW });

    // Act
    const { otherCampaigns, warnings, channels, audience } = await preview(
      customers,
      {},
      async (store, journeys) => {
        for (const id of ['c0', 'c1', 'c2']) await join(store, id, 'winter', 5);
        for (const id of ['c3', 'c4']) await join(store, id, 'spring', 1);
        await join(store, 'c5', 'autumn', 0);
        await store.leaveJourney('c5', 'autumn', new Date(NOW.getTime() - 86_400_000).toISOString());
        await join(store, 'c6', 'vip', 9);
        const ended = new Date(NOW.getTime() - 20 * 86_400_000).toISOString();
        await journeys.enrol({
          campaignId: 'vip',
          customerId: 'c6',
          status: 'completed',
          enrolledAt: ended,
          timeline: [{ at: ended, step: 'call-task', outcome: 'created' }],
        });
      },
    );

    // Assess
    expect(otherCampaigns).toEqual({
      heldBack: { 'in another campaign': 3, 'cooling down': 1 },
      heldBackBy: { winter: 3 },
      takenOver: 2,
      takenOverFrom: { spring: 2 },
    });
    // The held back are passed over before the control group is drawn, as a launch does.
    expect(audience).toMatchObject({
      selected: 6,
      reached: 6,
      excluded: { 'in another campaign': 3, 'cooling down': 1 },
    });
    expect(channels.email).toBe(6);
    const byCode = Object.fromEntries(warnings.map((w) => [w.code, w]));
    expect(byCode['held-back']).toMatchObject({ count: 4 });
    expect(byCode['held-back']?.message).toMatch(
      /^4 customers are held back by other campaigns: 3 in a journey of equal or higher priority \(winter\), 1 cooling down/,
    );
    expect(byCode['takes-over']).toMatchObject({ count: 2 });
  });

  it('says nothing when every customer can be reached within the capacities', async () => {
    const customers = Array.from({ length: 5 }, (_, i) => ({
      id: `e${i}`,
      email: true,
      phone: true,
      timeZone: 'Europe/London',
    }));
    expect((await preview(customers)).warnings).toEqual([]);
  });

  it('warns when the code pool holds fewer codes than customers who would get a message, and when it expires before their first message', async () => {
    // Prepare: 12 customers with email (each claims a code), 3 only a call could reach; a pool of 8
    const customers = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `e${i}`, email: true, timeZone: 'UTC' })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, timeZone: 'Europe/London' })),
    ];
    const codes = new InMemoryOfferCodes();
    const pool = (poolId: string, expiresOn: string, size: number) =>
      codes.createPool(
        { poolId, expiresOn, size, uploadedAt: NOW.toISOString(), contentHash: poolId },
        Array.from({ length: size }, (_, i) => `${poolId.toUpperCase()}${i}`),
      );
    await pool('small', '2026-12-31', 8);
    await pool('short', '2026-05-31', 50); // expired the day before
    await pool('roomy', '2026-12-31', 50);
    const offer = (poolId: string) =>
      ({
        description: '20 % off',
        code: 'BACK20',
        codes: { source: 'pool', poolId, whenPoolRunsOut: 'shared-code' },
      }) as const;

    // Act
    const small = await preview(customers, {}, undefined, undefined, offer('small'), codes);
    const short = await preview(customers, {}, undefined, undefined, offer('short'), codes);
    const roomy = await preview(customers, {}, undefined, undefined, offer('roomy'), codes);
    const missing = await preview(customers, {}, undefined, undefined, offer('nowhere'), codes);

    // Assess
    const tooSmall = (w: PreviewWarningList) => w.find((x) => x.code === 'code-pool-too-small');
    expect(tooSmall(small.warnings)).toMatchObject({ count: 4 });
    expect(tooSmall(small.warnings)?.message).toMatch(
      /code pool 'small' has 8 codes left for 12 customers .* 4 would get the shared code BACK20/,
    );
    expect(tooSmall(short.warnings)?.message).toMatch(/0 codes left \(it expired on 2026-05-31\)/);
    expect(tooSmall(missing.warnings)).toMatchObject({ count: 12 });
    expect(tooSmall(roomy.warnings)).toBeUndefined();
    expect(roomy.warnings.find((w) => w.code === 'code-pool-expires')).toBeUndefined();
  });
});

type PreviewWarningList = Awaited<ReturnType<typeof previewCampaign>>['warnings'];
