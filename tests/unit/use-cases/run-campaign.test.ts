/**
 * A launch segment with in-memory ports: the audience filters, the deterministic holdout, and a
 * campaign whose own θ differs from the stored scores' — its churn moments are recomputed with
 * the model that scored each customer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceCandidate } from '../../../functions/domain/journey/audience.js';
import { churnMomentFor, createScorer } from '../../../functions/domain/scoring/customer-scores.js';
import { fitScoringModel, type ScoringModel } from '../../../functions/domain/scoring/scoring-model.js';
import type { JourneyRecord } from '../../../functions/ports/journey-store.js';
import type { StoredModel } from '../../../functions/ports/scoring-store.js';
import { enrolSegment, type LaunchDeps } from '../../../functions/use-cases/run-campaign.js';
import { runningCampaign } from '../../support/campaigns.js';
import { CALIBRATION_END, readCdnow } from '../../support/order-files.js';

const NOW = new Date('1997-10-01T12:00:00Z');

describe('Use case: enrolling a launch segment', () => {
  let model: ScoringModel;
  let candidates: AudienceCandidate[];

  beforeAll(async () => {
    const histories = [...(await readCdnow()).at(CALIBRATION_END)].map((e) => e.history);
    model = fitScoringModel(histories, CALIBRATION_END, { model: 'mbgnbd' });
    const score = createScorer(model, CALIBRATION_END, { theta: 0.5 });
    candidates = histories.slice(0, 60).map((history, i) => {
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
        inputs: s.inputs,
      };
    });
  });

  const launch = async (settings: Record<string, unknown>, items: AudienceCandidate[]) => {
    const enrolled: JourneyRecord[] = [];
    const started: string[] = [];
    const campaign = runningCampaign(
      'autumn',
      {
        name: 'Autumn',
        leadDays: 0,
        email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
        sms: { text: 'Hi' },
        ...settings,
      },
      NOW,
    );
    const deps = {
      campaigns: { get: async () => campaign },
      journeys: {
        enrol: async (j: JourneyRecord) => {
          enrolled.push(j);
          return 'created';
        },
      },
      audience: { page: async () => ({ items }) },
      customers: { purchasesOf: async () => new Map([['c-0', { purchaseDays: [9000], spend: 42 }]]) },
      models: {
        get: async (version: string) =>
          version === model.version ? ({ ...model, fittedAt: '', customers: 0 } as StoredModel) : undefined,
      },
      runs: {
        start: async (name: string) => {
          started.push(name);
          return 'started';
        },
      },
      clock: () => NOW,
      settings: { segments: 1, callsPerSecond: 1000, checkHours: 6, workBudgetMs: 60_000 },
    } as unknown as LaunchDeps;
    const progress = await enrolSegment(deps, { campaignId: 'autumn', segment: 0, totalSegments: 1 });
    return { progress, enrolled, started };
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
});
