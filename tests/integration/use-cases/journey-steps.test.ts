/**
 * The send step on dynalite with counting providers and injected faults: the ledger claimed
 * before the provider is called keeps every message single across crashes, throttling, retries
 * and concurrent duplicate invocations — checked on two hand-written cases and 100 seeded runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../../functions/adapters/dynamodb-journey-store.js';
import { DynamoOfferCodeStore } from '../../../functions/adapters/dynamodb-offer-code-store.js';
import { DynamoScoreStore } from '../../../functions/adapters/dynamodb-score-store.js';
import { DynamoSendLedger } from '../../../functions/adapters/dynamodb-send-ledger.js';
import { DynamoSlotBook } from '../../../functions/adapters/dynamodb-slot-book.js';
import { executionName } from '../../../functions/domain/journey/journey-rules.js';
import {
  type EmailMessage,
  ProviderPausedError,
  ProviderThrottledError,
} from '../../../functions/ports/message-senders.js';
import {
  contactStep,
  type MessageDeps,
  SEND_LEASE_MS,
  type StartDeps,
  startJourney,
} from '../../../functions/use-cases/journey-steps.js';
import { prng } from '../../../lib/demo/random.js';
import { InMemoryCallScheduler, RecordingRuns } from '../../fakes/in-memory-journeys.js';
import { runningCampaign } from '../../support/campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const NOW = new Date('2026-06-10T14:00:00Z'); // 10:00 in New York: inside every window
const window = { start: '00:00', end: '23:59' };

describe('Use case: a journey step sends at most once', () => {
  let fx: DynamoFixture;
  /** The clock of the step; `later()` moves it past a send's lease, as a retry's delay would. */
  let now = NOW;
  const later = () => {
    now = new Date(now.getTime() + SEND_LEASE_MS + 1_000);
  };
  let deps: MessageDeps & StartDeps & { runs: RecordingRuns; calls: InMemoryCallScheduler };
  let sent: EmailMessage[];
  let texts: string[];
  /** Faults to inject, consumed in order: thrown by a provider or by the ledger after sending. */
  let faults: ('throttle' | 'provider-throttled' | 'crash-after-send' | 'sending-paused' | 'lost-answer')[];
  let scoresTable: string;
  /** The SES account's maximum send rate (GetAccount); undefined: unreadable. */
  let accountRate: number | undefined;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    scoresTable = t.scores;
    const ledger = new DynamoSendLedger(fx.db, t.sends);
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = async (...args) => {
      if (faults[0] === 'crash-after-send') {
        faults.shift();
        throw new Error('the function died after SES accepted the message');
      }
      return markSent(...args);
    };
    deps = {
      campaigns: new DynamoCampaignStore(fx.db, t.campaigns),
      journeys: new DynamoJourneyStore(fx.db, t.journeys),
      customers: new DynamoCustomerRepository(fx.db, t.customers),
      scores: new DynamoScoreStore(fx.db, t.scores),
      sends: ledger,
      slots: new DynamoSlotBook(fx.db, t.slots),
      codes: new DynamoOfferCodeStore(fx.db, t.offerCodes),
      quota: { emailPerSecond: async () => accountRate },
      runs: new RecordingRuns(),
      calls: new InMemoryCallScheduler(),
      clock: () => now,
      settings: {
        windows: { email: window, sms: window, call: window },
        manager: { window, timeZone: 'UTC', callsPerHour: 20 },
        pacing: { emailPerSecond: 14, smsPartsPerSecond: 1 },
        smsOrigination: 'default',
        frequencyCap: { messages: 10, days: 7 },
        exclusivity: { oneJourneyAtATime: true, cooldownDays: 14 },
        pausedRecheckHours: 6,
        defaultTimeZone: 'UTC',
        publicUrl: 'https://shop.example',
        postalAddress: '1 Main St',
      },
      email: {
        send: async (message) => {
          if (faults[0] === 'throttle') {
            faults.shift();
            throw Object.assign(new Error('Too many requests'), {
              name: 'TooManyRequestsException',
              $metadata: { httpStatusCode: 429 },
            });
          }
          if (faults[0] === 'provider-throttled') {
            faults.shift();
            throw new ProviderThrottledError('SES throttled the email: TooManyRequestsException', 60_000);
          }
          if (faults[0] === 'sending-paused') {
            faults.shift();
            throw new ProviderPausedError('SES stopped sending: SendingPausedException');
          }
          sent.push(message);
          if (faults[0] === 'lost-answer') {
            faults.shift();
            // Accepted, but the answer never arrived: a reset connection, as the SDK reports it.
            throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          }
          return { messageId: `m-${sent.length}` };
        },
      },
      sms: {
        send: async (message) => {
          if (faults[0] === 'throttle') {
            faults.shift();
            throw Object.assign(new Error('Rate exceeded'), {
              name: 'ThrottlingException',
              $metadata: { httpStatusCode: 400 },
            });
          }
          texts.push(message.phone);
          if (faults[0] === 'lost-answer') {
            faults.shift();
            throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          }
          return { messageId: `s-${texts.length}` };
        },
      },
    };
    await deps.campaigns.create(
      runningCampaign(
        'c1',
        {
          name: 'c1',
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
        },
        NOW.toISOString(),
      ),
    );
  });
  afterAll(() => fx.close());

  const enrol = async (customerId: string, phone?: string) => {
    await deps.customers.upsertProfiles([
      {
        customerId,
        email: `${customerId}@example.com`,
        ...(phone ? { phone } : {}),
        timeZone: 'America/New_York',
        consent: { email: true, sms: phone !== undefined },
        attributes: {},
      },
    ]);
    // A churn moment already past: the email is due at once.
    await fx.putItem(scoresTable, { customerId, churnMomentOn: '2026-06-01' });
    expect((await startJourney(deps, { campaignId: 'c1', customerId })).action).toBe('wait');
  };

  it('sends once when the function dies after the provider accepted, however often the step is retried', async () => {
    sent = [];
    texts = [];
    faults = ['crash-after-send'];
    await enrol('crash');
    await expect(contactStep(deps, { campaignId: 'c1', customerId: 'crash', step: 'email' })).rejects.toThrow(
      /died/,
    );
    // While the claim may still belong to a live invocation, a retry waits instead of moving on.
    await expect(contactStep(deps, { campaignId: 'c1', customerId: 'crash', step: 'email' })).rejects.toThrow(
      /being sent by another invocation/,
    );
    later();
    for (let retry = 0; retry < 3; retry++)
      expect(await contactStep(deps, { campaignId: 'c1', customerId: 'crash', step: 'email' })).toMatchObject(
        {
          action: 'wait',
          outcome: 'sent',
        },
      );
    expect(sent).toHaveLength(1);
    expect((await deps.sends.get('crash', 'c1', 'email'))?.status).toBe('sending');
  });

  it('sends once after the provider throttled the first attempt', async () => {
    sent = [];
    texts = [];
    faults = ['throttle'];
    await enrol('throttled');
    await expect(
      contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' }),
    ).rejects.toThrow(/Too many/);
    await contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' });
    await contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' });
    expect(sent).toHaveLength(1);
    expect((await deps.sends.get('throttled', 'c1', 'email'))?.status).toBe('sent');
  });

  it("defers the step, with jitter, when the provider's send rate is exceeded — never failing the journey", async () => {
    // Prepare
    sent = [];
    texts = [];
    faults = ['provider-throttled'];
    await enrol('rate-limited');

    // Act
    const result = await contactStep(deps, { campaignId: 'c1', customerId: 'rate-limited', step: 'email' });

    // Assess: back in one to two minutes, nothing sent, the claim free for that try
    expect(result).toMatchObject({ action: 'retry', outcome: 'throttled' });
    const wait = Date.parse((result as { wakeAt: string }).wakeAt) - now.getTime();
    expect(wait).toBeGreaterThanOrEqual(59_000);
    expect(wait).toBeLessThanOrEqual(120_000);
    expect(await deps.sends.get('rate-limited', 'c1', 'email')).toBeUndefined();
    expect(
      await contactStep(deps, { campaignId: 'c1', customerId: 'rate-limited', step: 'email' }),
    ).toMatchObject({
      action: 'wait',
      outcome: 'sent',
    });
    expect(sent).toHaveLength(1);
  });

  it('never sends twice in 100 runs with random crashes after sending, lost answers, throttling, retries and duplicate invocations', async () => {
    sent = [];
    texts = [];
    const random = prng(20261123);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)] as T;
    const injected = { 'crash-after-send': 0, throttle: 0, 'lost-answer': 0, duplicate: 0 };
    for (let run = 0; run < 100; run++) {
      const customerId = `run-${run}`;
      const phone = `+1415555${String(1000 + run).padStart(4, '0')}`;
      await enrol(customerId, phone);
      for (const step of ['email', 'sms'] as const) {
        const drawn = Array.from({ length: Math.floor(random() * 3) }, () =>
          pick(['crash-after-send', 'throttle', 'lost-answer'] as const),
        );
        for (const f of drawn) injected[f]++;
        faults = drawn;
        // Step Functions retries a failed task; Lambda may also run one invocation twice at once.
        let done = false;
        for (let attempt = 0; attempt < 8 && !done; attempt++) {
          if (attempt > 0) later();
          const copies = random() < 0.3 ? 2 : 1;
          if (copies === 2) injected.duplicate++;
          const results = await Promise.allSettled(
            Array.from({ length: copies }, () => contactStep(deps, { campaignId: 'c1', customerId, step })),
          );
          done = results.some((r) => r.status === 'fulfilled');
        }
        expect(done).toBe(true);
      }
      expect(
        sent.filter((m) => m.to === `${customerId}@example.com`),
        `email of run ${run}`,
      ).toHaveLength(1);
      expect(
        texts.filter((to) => to === phone),
        `SMS of run ${run}`,
      ).toHaveLength(1);
    }
    // The seed exercises every kind of fault many times.
    expect(Math.min(...Object.values(injected))).toBeGreaterThan(20);
  });

  it('pauses the campaign instead of skipping when SES has stopped all sending, and sends after the resume', async () => {
    sent = [];
    texts = [];
    faults = ['sending-paused'];
    await enrol('paused-provider');
    const input = { campaignId: 'c1', customerId: 'paused-provider', step: 'email' } as const;
    expect(await contactStep(deps, input)).toMatchObject({ action: 'retry', outcome: 'campaign paused' });
    expect((await deps.campaigns.get('c1'))?.status).toBe('paused');
    expect(await deps.sends.get('paused-provider', 'c1', 'email')).toBeUndefined();
    expect(sent).toHaveLength(0);
    // While paused the step waits; once resumed it sends, once.
    expect(await contactStep(deps, input)).toMatchObject({ action: 'retry', outcome: 'deferred' });
    await deps.campaigns.setStatus('c1', 'running', ['paused']);
    expect(await contactStep(deps, input)).toMatchObject({ outcome: 'sent' });
    expect(sent).toHaveLength(1);
  });

  it("applies a campaign's own frequency cap over the deployment's", async () => {
    sent = [];
    texts = [];
    faults = [];
    await enrol('capped');
    expect(await contactStep(deps, { campaignId: 'c1', customerId: 'capped', step: 'email' })).toMatchObject({
      outcome: 'sent',
    });
    await deps.campaigns.create(
      runningCampaign(
        'strict',
        {
          name: 'strict',
          holdoutPercent: 0,
          frequencyCap: { messages: 1, days: 30 },
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
        },
        NOW.toISOString(),
      ),
    );
    // A stage whose campaigns may overlap (by default the customer, in c1's journey, is held back).
    const overlapping = {
      ...deps,
      settings: { ...deps.settings, exclusivity: { oneJourneyAtATime: false, cooldownDays: 0 } },
    };
    await startJourney(overlapping, { campaignId: 'strict', customerId: 'capped' });
    // The deployment allows 10 a week; this campaign allows 1 in 30 days, and c1 sent it.
    expect(
      await contactStep(overlapping, { campaignId: 'strict', customerId: 'capped', step: 'email' }),
    ).toMatchObject({
      outcome: 'skipped',
    });
    expect(sent).toHaveLength(1);
    const journey = await deps.journeys.get('strict', 'capped');
    expect(journey?.timeline.find((t) => t.step === 'email')?.reason).toMatch(
      /frequency cap: 1 messages in 30 days/,
    );
  });

  it('records the parts a carrier bills for each text: a 71-character Cyrillic SMS is two, on the first send and on a retry', async () => {
    // Prepare: a campaign whose SMS is 66 Cyrillic letters and " STOP" (71 UCS-2 units)
    sent = [];
    texts = [];
    faults = [];
    await deps.campaigns.create(
      runningCampaign(
        'ru',
        {
          name: 'ru',
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: `${'я'.repeat(66)} STOP` },
        },
        NOW.toISOString(),
      ),
    );
    for (const customerId of ['ru-1', 'ru-2']) {
      await deps.customers.upsertProfiles([
        {
          customerId,
          email: `${customerId}@example.com`,
          phone: customerId === 'ru-1' ? '+14155550181' : '+14155550182',
          timeZone: 'America/New_York',
          consent: { email: true, sms: true },
          attributes: {},
        },
      ]);
      await fx.putItem(scoresTable, { customerId, churnMomentOn: '2026-06-01' });
      await startJourney(deps, { campaignId: 'ru', customerId });
    }

    // Act: one text sent; one whose answer was lost, then retried (recorded as unconfirmed)
    await contactStep(deps, { campaignId: 'ru', customerId: 'ru-1', step: 'sms' });
    faults = ['lost-answer'];
    await expect(contactStep(deps, { campaignId: 'ru', customerId: 'ru-2', step: 'sms' })).rejects.toThrow(
      /hang up/,
    );
    later();
    await contactStep(deps, { campaignId: 'ru', customerId: 'ru-2', step: 'sms' });

    // Assess
    expect(texts).toHaveLength(2);
    for (const [customerId, outcome] of [
      ['ru-1', 'sent'],
      ['ru-2', 'unconfirmed'],
    ] as const) {
      const journey = await deps.journeys.get('ru', customerId);
      expect(journey?.timeline.find((t) => t.step === 'sms' && t.outcome === outcome)?.parts).toBe(2);
    }
  });

  it('does not start a journey that ended between its enrolment and its first step', async () => {
    await deps.customers.upsertProfiles([
      {
        customerId: 'quick-buyer',
        email: 'q@example.com',
        timeZone: 'UTC',
        consent: { email: true, sms: false },
        attributes: {},
      },
    ]);
    await deps.journeys.enrol({
      campaignId: 'c1',
      customerId: 'quick-buyer',
      status: 'ended',
      exitReason: 'purchase',
      enrolledAt: now.toISOString(),
      timeline: [],
    });
    expect(await startJourney(deps, { campaignId: 'c1', customerId: 'quick-buyer' })).toEqual({
      action: 'end',
      outcome: 'ended',
    });
    expect((await deps.customers.get('quick-buyer'))?.journeys ?? []).toEqual([]);
  });

  it('ends a journey the launch enrolled after its campaign was cancelled, instead of leaving it active', async () => {
    // Prepare: a cancelled campaign with an enrolment the launch recorded a moment too late
    await deps.campaigns.create(
      runningCampaign(
        'cancelled-late',
        {
          name: 'Late',
          leadDays: 0,
          email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
          sms: { text: 'Hi' },
        },
        now,
      ),
    );
    await deps.campaigns.setStatus('cancelled-late', 'cancelled', ['running']);
    await deps.journeys.enrol({
      campaignId: 'cancelled-late',
      customerId: 'late',
      status: 'active',
      enrolledAt: now.toISOString(),
      timeline: [{ at: now.toISOString(), step: 'start', outcome: 'enrolled' }],
    });

    // Act
    const result = await startJourney(deps, { campaignId: 'cancelled-late', customerId: 'late' });

    // Assess
    expect(result.action).toBe('end');
    expect(await deps.journeys.get('cancelled-late', 'late')).toMatchObject({
      status: 'ended',
      exitReason: 'campaign cancelled',
    });
  });

  it('gives a customer two campaigns want to the higher priority: the lower journey ends superseded and its execution stops, an equal one is held back', async () => {
    // Prepare: three campaigns of priorities 1, 5 and 5; a customer due now
    for (const [campaignId, priority] of [
      ['low', 1],
      ['high', 5],
      ['peer', 5],
    ] as const)
      await deps.campaigns.create(
        runningCampaign(
          campaignId,
          {
            name: campaignId,
            priority,
            holdoutPercent: 0,
            email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
            sms: { text: 'Hi' },
          },
          now,
        ),
      );
    await deps.customers.upsertProfiles([
      {
        customerId: 'wanted',
        email: 'w@example.com',
        timeZone: 'UTC',
        consent: { email: true, sms: false },
        attributes: {},
      },
    ]);
    await fx.putItem(scoresTable, { customerId: 'wanted', churnMomentOn: '2026-06-01' });
    const start = (campaignId: string) => startJourney(deps, { campaignId, customerId: 'wanted' });
    deps.runs.stopped.length = 0;

    // Act
    const low = await start('low');
    const high = await start('high');
    const peer = await start('peer');

    // Assess
    expect([low.action, high.action, peer.action]).toEqual(['wait', 'wait', 'end']);
    expect(await deps.journeys.get('low', 'wanted')).toMatchObject({
      status: 'ended',
      exitReason: 'superseded by campaign high',
    });
    // Stopped now, not when its next step would have woken days later (nor is high's own, nor peer's).
    expect(deps.runs.stopped).toEqual([executionName('low', 'wanted')]);
    expect((await deps.journeys.get('high', 'wanted'))?.status).toBe('active');
    expect(await deps.journeys.get('peer', 'wanted')).toMatchObject({
      status: 'not-enrolled',
      exitReason: "in a journey of campaign high (priority 5, this campaign's 5)",
    });
    expect(await deps.customers.get('wanted')).toMatchObject({ journeys: ['high'], journeyPriority: 5 });

    // A take-over whose stop fails (Step Functions throttled) still starts: the ended record is
    // what keeps the old journey from sending.
    await deps.campaigns.create(
      runningCampaign(
        'top',
        {
          name: 'top',
          priority: 9,
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
          sms: { text: 'Hi' },
        },
        now,
      ),
    );
    const stop = deps.runs.stop;
    deps.runs.stop = () => Promise.reject(new Error('Rate exceeded'));
    try {
      expect((await start('top')).action).toBe('wait');
    } finally {
      deps.runs.stop = stop;
    }
    expect((await deps.journeys.get('high', 'wanted'))?.exitReason).toBe('superseded by campaign top');
  });

  describe('claims that a crashed step left behind', () => {
    const profile = (customerId: string) => ({
      customerId,
      email: `${customerId}@example.com`,
      timeZone: 'UTC',
      consent: { email: true, sms: false },
      attributes: {},
    });
    const claim = (customerId: string, campaignId: string, priority: number) =>
      deps.customers.claimJourney(customerId, campaignId, {
        priority,
        exclusivity: deps.settings.exclusivity,
        now,
      });

    it('stops a journey whose customer another campaign took over, even when the take-over never ended it', async () => {
      sent = [];
      faults = [];
      await deps.customers.upsertProfiles([profile('taken')]);
      await fx.putItem(scoresTable, { customerId: 'taken', churnMomentOn: '2026-06-01' });
      expect((await startJourney(deps, { campaignId: 'low', customerId: 'taken' })).action).toBe('wait');
      // The take-over's write landed; the step that would have ended low's journey did not run.
      expect(await claim('taken', 'high', 5)).toEqual({ kind: 'take-over', from: ['low'] });

      const step = await contactStep(deps, { campaignId: 'low', customerId: 'taken', step: 'email' });

      expect(step).toMatchObject({ action: 'end' });
      expect(sent).toEqual([]);
      expect(await deps.journeys.get('low', 'taken')).toMatchObject({
        status: 'ended',
        exitReason: 'superseded by campaign high',
      });
      expect((await deps.customers.get('taken'))?.journeys).toEqual(['high']);
    });

    it('lets go of the customer when a step finds its journey ended by an attempt that failed before letting go', async () => {
      await deps.customers.upsertProfiles([profile('leaked')]);
      await fx.putItem(scoresTable, { customerId: 'leaked', churnMomentOn: '2026-06-01' });
      await startJourney(deps, { campaignId: 'c1', customerId: 'leaked' });
      await deps.journeys.end('c1', 'leaked', {
        at: now.toISOString(),
        step: 'exit',
        outcome: 'ended',
        reason: 'purchased',
      });

      await contactStep(deps, { campaignId: 'c1', customerId: 'leaked', step: 'email' });

      expect((await deps.customers.get('leaked'))?.journeys).toBeUndefined();
    });

    it('sets aside a holder whose journey ended long ago when another campaign starts', async () => {
      await deps.customers.upsertProfiles([profile('stale')]);
      await fx.putItem(scoresTable, { customerId: 'stale', churnMomentOn: '2026-06-01' });
      expect((await claim('stale', 'peer', 5)).kind).toBe('free');
      const longAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
      await deps.journeys.enrol({
        campaignId: 'peer',
        customerId: 'stale',
        status: 'completed',
        enrolledAt: longAgo,
        timeline: [{ at: longAgo, step: 'call-task', outcome: 'created' }],
      });

      const result = await startJourney(deps, { campaignId: 'high', customerId: 'stale' });

      expect(result.action).toBe('wait');
      expect(await deps.customers.get('stale')).toMatchObject({
        journeys: ['high'],
        lastJourneyEndedAt: longAgo,
      });
    });
  });

  it("paces emails at the SES account's maximum rate when it is below the configured one, and at the configured one otherwise", async () => {
    // Prepare: a day of its own (empty slot buckets); 14 a second configured
    const wakeUps = async (rate: number | undefined, day: string) => {
      accountRate = rate;
      now = new Date(`${day}T14:00:00Z`);
      const ids = [1, 2, 3].map((n) => `paced-${day}-${n}`);
      const results = [];
      for (const id of ids) {
        await deps.customers.upsertProfiles([
          {
            customerId: id,
            email: `${id}@example.com`,
            timeZone: 'UTC',
            consent: { email: true, sms: false },
            attributes: {},
          },
        ]);
        await fx.putItem(scoresTable, { customerId: id, churnMomentOn: '2026-06-01' });
        results.push(await startJourney(deps, { campaignId: 'c1', customerId: id }));
      }
      return results.map((r) => (r.action === 'wait' ? Date.parse(r.wakeAt) - now.getTime() : Number.NaN));
    };

    // Act + Assess: a fresh account's 1 a second spaces them a second apart; 14 a second (the
    // account's 50 above it, or the account unreadable) puts all three in the first second
    expect(await wakeUps(1, '2026-07-01')).toEqual([0, 1000, 2000]);
    expect(await wakeUps(50, '2026-07-02')).toEqual([0, 0, 0]);
    expect(await wakeUps(undefined, '2026-07-03')).toEqual([0, 0, 0]);
    accountRate = undefined;
  });
});
