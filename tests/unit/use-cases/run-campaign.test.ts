/**
 * A launch with in-memory ports: the audience filters, the deterministic holdout, a campaign
 * whose own θ differs from the stored scores' — its churn moments are recomputed with the model
 * that scored each customer — and a campaign with its own model, fitted at launch on the stored
 * score inputs and judging the audience by it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AudienceCandidate, audienceExclusion } from '../../../functions/domain/journey/audience.js';
import type { Campaign } from '../../../functions/domain/journey/campaign.js';
import type { CampaignReport } from '../../../functions/domain/journey/campaign-report.js';
import type { JourneyClaims } from '../../../functions/domain/journey/exclusivity.js';
import {
  churnMomentFor,
  createInputScorer,
  createScorer,
} from '../../../functions/domain/scoring/customer-scores.js';
import { fitScoringModel, type ScoringModel } from '../../../functions/domain/scoring/scoring-model.js';
import type { StoredModel } from '../../../functions/ports/scoring-store.js';
import {
  type CampaignRunSettings,
  checkCampaign,
  ENROLMENT_CONCURRENCY,
  enrolSegment,
  type LaunchDeps,
  type PrepareDeps,
  prepareLaunch,
} from '../../../functions/use-cases/run-campaign.js';
import {
  InMemoryCallScheduler,
  InMemoryCampaigns,
  InMemoryJourneys,
  RecordingRuns,
} from '../../fakes/in-memory-journeys.js';
import { InMemoryAudience, InMemoryModels } from '../../fakes/in-memory-scoring.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { runningCampaign } from '../../support/campaigns.js';
import { CALIBRATION_END, readCdnow } from '../../support/order-files.js';

const NOW = new Date('1997-10-01T12:00:00Z');
const RUN_SETTINGS: CampaignRunSettings = {
  segments: 1,
  callsPerSecond: 1000,
  checkHours: 6,
  workBudgetMs: 60_000,
  exclusivity: { oneJourneyAtATime: true, cooldownDays: 14 },
  modelFit: { unitDays: 7, penalizer: 0 },
};

describe('Use case: enrolling a launch segment', () => {
  let model: ScoringModel;
  let candidates: AudienceCandidate[];

  beforeAll(async () => {
    const histories = [...(await readCdnow()).at(CALIBRATION_END)].map((e) => e.history);
    model = fitScoringModel(histories, CALIBRATION_END, { model: 'mbgnbd' });
    const score = createScorer(model, CALIBRATION_END, { theta: 0.5 });
    candidates = histories.slice(0, 600).map((history, i) => {
      const s = score(history);
      if (!s) throw new Error('every CDNOW customer bought before the calibration end');
      return {
        customerId: `c-${i}`,
        churnMomentOn: s.churnMomentOn,
        pAlive: s.pAlive,
        clv365Days: s.clv365Days,
        lapsedCategories: [],
        churnThreshold: s.churnThreshold,
        modelVersion: s.modelVersion,
        asOf: s.asOf,
        inputs: s.inputs,
      };
    });
  });

  const launch = async (
    settings: Record<string, unknown>,
    items: AudienceCandidate[],
    claims: ReadonlyMap<string, JourneyClaims> = new Map(),
    journeys = new InMemoryJourneys(),
  ) => {
    // The model that scored the stored candidates; a campaign's own model is saved beside it.
    const stored: StoredModel = { ...model, fittedAt: '', customers: 0 };
    const models = new InMemoryModels([stored]);
    const campaigns = new InMemoryCampaigns();
    await campaigns.create(
      runningCampaign(
        'autumn',
        {
          name: 'Autumn',
          leadDays: 0,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
          ...settings,
        },
        NOW,
      ),
    );
    const runs = new RecordingRuns();
    const deps: LaunchDeps & PrepareDeps = {
      campaigns,
      journeys,
      // A scan segment: every total-th item, as DynamoDB splits a table by key hash.
      audience: new InMemoryAudience(items),
      customers: {
        enrolmentFactsOf: async (ids) =>
          new Map(ids.map((id) => [id, { spend: id === 'c-0' ? 42 : 0, claims: claims.get(id) ?? {} }])),
      },
      models,
      runs,
      clock: () => NOW,
      settings: RUN_SETTINGS,
    };
    const prepared = await prepareLaunch(deps, { campaignId: 'autumn' });
    const progress = await enrolSegment(deps, { campaignId: 'autumn', segment: 0, totalSegments: 1 });
    const enrolled = [...journeys.items.values()];
    const started = [...runs.started.keys()];
    const campaign = (await campaigns.get('autumn')) as Campaign;
    const saved = [...models.items.values()].filter((m) => m.version !== stored.version);
    return { prepared, progress, enrolled, started, saved, campaign };
  };

  it('keeps the stored churn moments when the campaign has no θ of its own, and holds out the same customers every time', async () => {
    const first = await launch({ holdoutPercent: 20, audience: { horizonDays: 365 } }, candidates);
    const again = await launch({ holdoutPercent: 20, audience: { horizonDays: 365 } }, candidates);
    expect(first.enrolled.every((j) => j.churnMomentOn === undefined)).toBe(true);
    // Every enrolment, held out or not, records the spend the report's revenue starts from.
    expect(first.enrolled.find((j) => j.customerId === 'c-0')?.spendAtEnrolment).toBe(42);
    expect(first.enrolled.every((j) => j.spendAtEnrolment !== undefined)).toBe(true);
    const heldOut = first.enrolled.filter((j) => j.status === 'held-out').map((j) => j.customerId);
    expect(heldOut.length).toBeGreaterThan(0);
    expect(again.enrolled.filter((j) => j.status === 'held-out').map((j) => j.customerId)).toEqual(heldOut);
    expect(first.started).toHaveLength(first.progress.counts.started);
    expect(first.progress.counts.started + first.progress.counts.heldOut).toBe(
      candidates.length - Object.values(first.progress.counts.excluded).reduce((n, v) => n + (v ?? 0), 0),
    );
  });

  it('enrols a page a bounded number of customers at a time, not all of its records at once', async () => {
    // Each write takes a moment, as a request does: the most in flight together is what the
    // SDK client would have queued behind its 50 sockets.
    class SlowJourneys extends InMemoryJourneys {
      inFlight = 0;
      most = 0;
      override async enrol(journey: Parameters<InMemoryJourneys['enrol']>[0]) {
        this.inFlight++;
        this.most = Math.max(this.most, this.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        this.inFlight--;
        return super.enrol(journey);
      }
    }
    const journeys = new SlowJourneys();
    const run = await launch({ holdoutPercent: 20 }, candidates, new Map(), journeys);
    expect(run.enrolled.length).toBeGreaterThan(500);
    expect(journeys.most).toBeGreaterThan(1);
    expect(journeys.most).toBeLessThanOrEqual(ENROLMENT_CONCURRENCY);
  });

  it('reads the journeys of customers another campaign holds a bounded number at a time', async () => {
    // Every customer is held by a campaign whose journey is read to see whether it has ended.
    class SlowReads extends InMemoryJourneys {
      inFlight = 0;
      most = 0;
      override async get(campaignId: string, customerId: string) {
        this.inFlight++;
        this.most = Math.max(this.most, this.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        this.inFlight--;
        return super.get(campaignId, customerId);
      }
    }
    const journeys = new SlowReads();
    const held = new Map<string, JourneyClaims>(
      candidates.map((c) => [c.customerId, { journeys: ['summer'], journeyPriority: 9 }]),
    );
    const run = await launch({ holdoutPercent: 0 }, candidates, held, journeys);
    expect(run.progress.counts.started).toBe(0);
    expect(journeys.most).toBeGreaterThan(1);
    expect(journeys.most).toBeLessThanOrEqual(50);
  });

  it('passes over customers another campaign holds or who are cooling down, before the holdout is drawn; takes those of a lower priority', async () => {
    const day = 86_400_000;
    const claims = new Map<string, JourneyClaims>([
      ['c-1', { journeys: ['summer'], journeyPriority: 5 }],
      ['c-2', { journeys: ['summer'], journeyPriority: 1 }],
      ['c-3', { lastJourneyEndedAt: new Date(NOW.getTime() - 3 * day).toISOString() }],
      ['c-4', { lastJourneyEndedAt: new Date(NOW.getTime() - 20 * day).toISOString() }],
    ]);
    const { progress, enrolled, started } = await launch(
      { priority: 3, holdoutPercent: 50, audience: { horizonDays: 365 } },
      candidates.slice(0, 5),
      claims,
    );

    // In summer's journey at a higher priority, and three days into a 14-day cooldown: passed over.
    expect(progress.counts.excluded).toMatchObject({ 'in another campaign': 1, 'cooling down': 1 });
    expect(enrolled.map((j) => j.customerId).sort()).toEqual(['c-0', 'c-2', 'c-4']);
    // Neither is in the control group either: it is drawn from the customers the campaign could reach.
    expect(progress.counts.started + progress.counts.heldOut).toBe(3);
    expect(started).toHaveLength(progress.counts.started);
  });

  it('recomputes churn moments for its own θ, and excludes a customer whose scores name no stored model', async () => {
    const orphan = { ...(candidates[0] as AudienceCandidate), customerId: 'orphan', modelVersion: 'gone' };
    const { enrolled, progress } = await launch(
      { holdoutPercent: 0, churnThreshold: 0.2, audience: { horizonDays: 365 } },
      [...candidates, orphan],
    );
    expect(progress.counts.excluded['not scored by a stored model']).toBe(1);
    expect(enrolled.length).toBeGreaterThan(0);
    for (const journey of enrolled) {
      const candidate = candidates.find((c) => c.customerId === journey.customerId) as AudienceCandidate;
      const inputs = candidate.inputs as NonNullable<AudienceCandidate['inputs']>;
      expect(journey.churnMomentOn).toBe(churnMomentFor(model, inputs, 0.2));
    }
    // θ = 0.2 is reached later than θ = 0.5: fewer customers fall inside a short horizon.
    const short = { holdoutPercent: 0, audience: { horizonDays: 30 } };
    const at05 = await launch(short, candidates);
    const at02 = await launch({ ...short, churnThreshold: 0.2 }, candidates);
    expect(at02.progress.counts.started).toBeLessThan(at05.progress.counts.started);
  });

  it('judges the audience by its own model: fitted at launch on the stored inputs, recorded, and every segment uses it', async () => {
    const settings = { holdoutPercent: 0, model: 'bgnbd', audience: { horizonDays: 365, minChurnRisk: 0.5 } };
    const { prepared, enrolled, progress, saved, campaign } = await launch(settings, candidates);
    expect(prepared.launch).toBe(true);
    // Fitted once, on the scores' inputs: the same BG/NBD a fit on the customers' histories gives.
    expect(saved).toHaveLength(1);
    const own = saved[0] as StoredModel;
    expect(own.transaction.model).toBe('bgnbd');
    expect(campaign.fittedModel).toMatchObject({ model: 'bgnbd', version: own.version, customers: 600 });
    const histories = [...(await readCdnow()).at(CALIBRATION_END)].map((e) => e.history).slice(0, 600);
    const direct = fitScoringModel(histories, CALIBRATION_END, { model: 'bgnbd' });
    for (const [name, value] of Object.entries(direct.transaction.params))
      expect(own.transaction.params[name as keyof typeof own.transaction.params]).toBeCloseTo(value, 4);

    // The audience: churn risk and churn moments from the campaign's model, not the stored mbgnbd.
    const rescore = createInputScorer(own, 0.5);
    const judged = candidates.map((c) => ({
      ...c,
      ...rescore(c.inputs as NonNullable<AudienceCandidate['inputs']>),
    }));
    const risky = judged.filter((c) => 1 - c.pAlive >= 0.5 && c.churnMomentOn !== null);
    expect(enrolled.map((j) => j.customerId).sort()).toEqual(risky.map((c) => c.customerId).sort());
    for (const journey of enrolled)
      expect(journey.churnMomentOn).toBe(
        judged.find((c) => c.customerId === journey.customerId)?.churnMomentOn,
      );
    const reasons = judged.map((c) => audienceExclusion(c, campaign.audience, 0, NOW));
    expect(progress.counts.excluded['below churn risk']).toBe(
      reasons.filter((r) => r === 'below churn risk').length,
    );
    expect(progress.counts.excluded['below churn risk']).toBeGreaterThan(0);
    // The stored scores would have picked others: the campaign's model made a difference.
    const storedRisky = candidates.filter((c) => 1 - c.pAlive >= 0.5 && c.churnMomentOn !== null);
    expect(storedRisky.map((c) => c.customerId).sort()).not.toEqual(risky.map((c) => c.customerId).sort());
  });
});

describe('Use case: a launch meeting a cancel', () => {
  it('stops at its next page once the campaign is cancelled: no one is enrolled after it', async () => {
    // Prepare: 600 reachable customers in pages of 50; the campaign is cancelled after the 10th start
    const campaigns = new InMemoryCampaigns();
    await campaigns.create(
      runningCampaign(
        'winter',
        {
          name: 'Winter',
          leadDays: 0,
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
        },
        NOW,
      ),
    );
    const items = Array.from({ length: 600 }, (_, i) => ({
      customerId: `w-${i}`,
      churnMomentOn: '1997-10-01',
      pAlive: 0.3,
      clv365Days: 10,
      lapsedCategories: [],
    }));
    const journeys = new InMemoryJourneys();
    const runs = new RecordingRuns();
    const start = runs.start.bind(runs);
    runs.start = async (name, input) => {
      if (runs.started.size === 10) await campaigns.setStatus('winter', 'cancelled', ['running']);
      return start(name, input);
    };

    // Act
    const progress = await enrolSegment(
      {
        campaigns,
        journeys,
        audience: new InMemoryAudience(items, { pageSize: 50 }),
        customers: { enrolmentFactsOf: async () => new Map() },
        models: new InMemoryModels([]),
        runs,
        clock: () => NOW,
        settings: RUN_SETTINGS,
      },
      { campaignId: 'winter', segment: 0, totalSegments: 1 },
    );

    // Assess: the page under way when the cancel came was the last
    expect(progress.done).toBe(true);
    expect(runs.started.size).toBeLessThanOrEqual(50);
    expect(journeys.items.size).toBe(runs.started.size);
    expect(progress.counts.started).toBe(runs.started.size);
  });
});

describe('Use case: checking a running campaign', () => {
  it('builds the stored report anew only when its journeys moved on, or it is a day old', async () => {
    const campaigns = new InMemoryCampaigns();
    const journeys = new InMemoryJourneys();
    await campaigns.create(
      runningCampaign(
        'big',
        { name: 'Big', email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, sms: { text: 'Hi' } },
        NOW,
      ),
    );
    const ids = Array.from({ length: 300 }, (_, i) => `c${i}`);
    for (const customerId of ids)
      await journeys.enrol({
        campaignId: 'big',
        customerId,
        status: 'active',
        enrolledAt: NOW.toISOString(),
        timeline: [{ at: NOW.toISOString(), step: 'start', outcome: 'enrolled' }],
        callSchedule: `call-${customerId}`,
      });
    let now = NOW;
    const deps = {
      campaigns,
      journeys,
      clock: () => now,
      settings: RUN_SETTINGS,
      ending: {
        customers: new InMemoryStore(),
        journeys,
        runs: new RecordingRuns(),
        calls: new InMemoryCallScheduler(),
        clock: () => now,
      },
    };
    const check = async () => {
      const result = await checkCampaign(deps, { campaignId: 'big' });
      return result.state === 'waiting' ? result.report : 'ended';
    };
    const stored = (active: number, hoursAgo: number) =>
      campaigns.recordReport('big', {
        journeys: { active },
        generatedAt: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
      } as CampaignReport);

    expect(await check()).toBe(true); // none stored yet
    await stored(300, 6);
    expect(await check()).toBe(false); // the same 300 waiting, six hours on
    await stored(303, 6);
    expect(await check()).toBe(false); // 3 of 303 ended since: under 1 %
    await stored(304, 6);
    expect(await check()).toBe(true); // 4 of 304
    await stored(300, 24);
    expect(await check()).toBe(true); // a day old
    now = new Date(NOW.getTime() + 3_600_000);
    for (const customerId of ids)
      await journeys.end('big', customerId, { at: now.toISOString(), step: 'exit', outcome: 'done' });
    expect(await check()).toBe('ended');
  });
});
