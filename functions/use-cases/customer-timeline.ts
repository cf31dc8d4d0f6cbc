/**
 * A customer's timeline as the console shows it: every campaign's journey of theirs (status,
 * steps with their outcomes, how it ended) and their P(alive) over time if no purchase comes,
 * from the model that scored them.
 */
import pLimit from 'p-limit';
import type { JourneyRecord } from '../domain/journey/journey.js';
import { type AlivePoint, aliveCurve } from '../domain/scoring/alive-curve.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { ModelStore, ScoreStore } from '../ports/scoring-store.js';
import { UseCaseError } from './use-case-error.js';

export interface CustomerTimeline {
  customerId: string;
  journeys: (Omit<JourneyRecord, 'executionName' | 'callSchedule'> & { campaignName: string })[];
  /** Null until scored, or when the scoring model is no longer stored. */
  pAlive: { churnThreshold: number; churnMomentOn: string | null; points: AlivePoint[] } | null;
}

export interface TimelineDeps {
  customers: Pick<CustomerRepository, 'get'>;
  scores: Pick<ScoreStore, 'get'>;
  models: Pick<ModelStore, 'get'>;
  campaigns: Pick<CampaignStore, 'list'>;
  journeys: Pick<JourneyStore, 'get'>;
}

export async function customerTimeline(deps: TimelineDeps, customerId: string): Promise<CustomerTimeline> {
  const [customer, scores, campaigns] = await Promise.all([
    deps.customers.get(customerId),
    deps.scores.get(customerId),
    deps.campaigns.list(),
  ]);
  if (!customer) throw new UseCaseError('not-found', `no customer '${customerId}'`);
  const limit = pLimit(8);
  const found = await Promise.all(
    campaigns.map((c) =>
      limit(async () => ({ campaign: c, journey: await deps.journeys.get(c.campaignId, customerId) })),
    ),
  );
  const journeys = found
    .filter((f): f is { campaign: (typeof f)['campaign']; journey: JourneyRecord } => !!f.journey)
    .map(({ campaign, journey }) => {
      const { executionName: _run, callSchedule: _schedule, ...shown } = journey;
      return { ...shown, campaignName: campaign.name };
    })
    .sort((a, b) => b.enrolledAt.localeCompare(a.enrolledAt));
  const model = scores ? await deps.models.get(scores.modelVersion) : undefined;
  return {
    customerId,
    journeys,
    pAlive:
      scores && model
        ? {
            churnThreshold: scores.churnThreshold,
            churnMomentOn: scores.churnMomentOn,
            points: aliveCurve(model.transaction, model.unitDays, scores),
          }
        : null,
  };
}
