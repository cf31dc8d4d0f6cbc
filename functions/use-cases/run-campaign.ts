/**
 * The steps of a campaign run, each a task of the campaign state machine:
 *  - `prepareLaunch` checks the campaign is running, fits the campaign's own model if it has one
 *    (campaign-model.ts), and splits the scores into scan segments;
 *  - `enrolSegment` (one per segment, in parallel, continued page by page across invocations)
 *    selects the audience, records the holdout without starting anything, and starts a journey
 *    per selected customer at a paced rate under the Step Functions StartExecution quota, with
 *    deterministic names — a retried or repeated launch never makes a second journey;
 *  - `recordLaunch` keeps the counts on the campaign;
 *  - `checkCampaign` marks the campaign completed once no journey is active;
 *  - `endCampaignJourneys` (a cancel run) ends every active journey at once: execution stopped,
 *    pending call schedule deleted, the reason recorded.
 * State payloads hold identifiers, cursors and counts only.
 */

import pLimit from 'p-limit';
import pThrottle from 'p-throttle';
import { type AudienceExclusion, audienceExclusion } from '../domain/journey/audience.js';
import type { LaunchExclusion, LaunchSummary } from '../domain/journey/campaign.js';
import { campaignForVariant } from '../domain/journey/campaign.js';
import type { ClaimDecision, Exclusivity } from '../domain/journey/exclusivity.js';
import { executionName, isHeldOut } from '../domain/journey/journey-rules.js';
import { chooseOffer, type OfferChoice, offerFactsOf } from '../domain/journey/offer-choice.js';
import { assignVariant } from '../domain/journey/variants.js';
import type { AudienceSource } from '../ports/audience-source.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { ModelStore } from '../ports/scoring-store.js';
import type { WorkflowRuns } from '../ports/workflow-runs.js';
import { campaignView, fitCampaignModel, type ModelFitSettings } from './campaign-model.js';
import { launchDecisions } from './journey-claims.js';
import { waitTimestamp } from './journey-steps.js';
import { reconcileJourneys } from './reconcile-journeys.js';
import { endJourneys, type ResponseDeps } from './record-responses.js';

export interface CampaignRunSettings {
  /** Parallel scan segments of a launch. */
  segments: number;
  /** StartExecution / StopExecution calls per second across all segments (the account quota's refill rate). */
  callsPerSecond: number;
  /** How often a running campaign looks whether its last journey has ended. */
  checkHours: number;
  /** Work one invocation does before it hands a cursor back (well inside the Lambda timeout). */
  workBudgetMs: number;
  /** The rules between campaigns: a launch passes over customers another campaign holds. */
  exclusivity: Exclusivity;
  /** How a campaign's own model is fitted (the stage's scoring settings). */
  modelFit: ModelFitSettings;
}

export interface LaunchDeps {
  campaigns: CampaignStore;
  journeys: JourneyStore;
  audience: AudienceSource;
  /** The models that scored the audience, and campaigns' own: a campaign's θ or model recomputes scores. */
  models: Pick<ModelStore, 'get'>;
  /** Spend at enrolment (the baseline of the report's revenue) and the customers' journeys elsewhere. */
  customers: Pick<CustomerRepository, 'enrolmentFactsOf'>;
  runs: WorkflowRuns;
  clock: () => Date;
  settings: CampaignRunSettings;
}

export type PrepareDeps = Pick<LaunchDeps, 'campaigns' | 'settings' | 'audience' | 'clock'> & {
  models: Pick<ModelStore, 'save'>;
};

export async function prepareLaunch(
  deps: PrepareDeps,
  input: { campaignId: string },
): Promise<{ launch: boolean; reason?: string; segments: number[]; totalSegments: number }> {
  const campaign = await deps.campaigns.get(input.campaignId);
  const total = deps.settings.segments;
  if (campaign?.status !== 'running')
    return {
      launch: false,
      reason: `campaign ${campaign?.status ?? 'not found'}`,
      segments: [],
      totalSegments: total,
    };
  // A retried step finds the model it fitted before: every segment must judge by the same one.
  if (campaign.model && !campaign.fittedModel) {
    const model = await fitCampaignModel(deps.audience, campaign.model, deps.settings.modelFit);
    if (model) {
      const fittedAt = deps.clock().toISOString();
      await deps.models.save({ ...model, fittedAt, customers: model.transaction.customers });
      await deps.campaigns.recordFittedModel(campaign.campaignId, {
        model: campaign.model,
        version: model.version,
        customers: model.transaction.customers,
        asOf: model.asOf,
        fittedAt,
      });
    }
  }
  return { launch: true, segments: Array.from({ length: total }, (_, i) => i), totalSegments: total };
}

export interface SegmentCounts {
  scanned: number;
  started: number;
  heldOut: number;
  excluded: Partial<Record<LaunchExclusion, number>>;
}

export interface SegmentProgress {
  campaignId: string;
  segment: number;
  totalSegments: number;
  cursor?: string;
  done: boolean;
  counts: SegmentCounts;
}

const noCounts = (): SegmentCounts => ({ scanned: 0, started: 0, heldOut: 0, excluded: {} });

/**
 * Customers of a page enrolled at once: a page holds up to 5,000, and writing all their records
 * together queued thousands of requests behind the SDK client's 50 sockets, in memory, each
 * waiting its turn while the Lambda's clock ran. Fifty keeps every socket busy and nothing queued.
 */
export const ENROLMENT_CONCURRENCY = 50;

/** A pace shared by the segments: each takes its share of the account's call rate. */
const pacedBy = (settings: CampaignRunSettings, parallel: number) =>
  pThrottle({ limit: Math.max(1, Math.floor(settings.callsPerSecond / parallel)), interval: 1000 });

export async function enrolSegment(
  deps: LaunchDeps,
  input: Omit<SegmentProgress, 'done' | 'counts'> & { counts?: SegmentCounts },
): Promise<SegmentProgress> {
  const { campaignId, segment, totalSegments } = input;
  const counts = structuredClone(input.counts ?? noCounts());
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign || campaign.status === 'cancelled' || campaign.status === 'completed')
    return { campaignId, segment, totalSegments, done: true, counts };
  const deadline = performance.now() + deps.settings.workBudgetMs;
  const start = pacedBy(
    deps.settings,
    totalSegments,
  )((customerId: string) =>
    deps.runs.start(executionName(campaignId, customerId), { campaignId, customerId }),
  );
  const view = campaignView(
    deps.models,
    campaign,
    campaign.fittedModel && (await deps.models.get(campaign.fittedModel.version)),
  );
  // The campaign's status, read again at most once a second while the page is being started.
  let checkedAt = performance.now();
  let cancelledSeen = false;
  let skippedByCancel = 0;
  const cancelled = async () => {
    if (!cancelledSeen && performance.now() - checkedAt >= 1000) {
      checkedAt = performance.now();
      cancelledSeen = (await deps.campaigns.get(campaignId))?.status === 'cancelled';
    }
    if (cancelledSeen) skippedByCancel++;
    return cancelledSeen;
  };
  let cursor = input.cursor;
  do {
    // A cancel stops a launch under way at its next page: the campaign is read again before each.
    if (cursor !== input.cursor && (await deps.campaigns.get(campaignId))?.status === 'cancelled')
      return { campaignId, segment, totalSegments, done: true, counts };
    const page = await deps.audience.page(segment, totalSegments, cursor, {
      modelInputs: Boolean(campaign.model),
    });
    const now = deps.clock();
    const exclude = (reason: LaunchExclusion) => {
      counts.excluded[reason] = (counts.excluded[reason] ?? 0) + 1;
    };
    const selected: { customerId: string; churnMomentOn?: string | null }[] = [];
    // The model's 365-day value of each selected customer, kept on the journey for the report, and
    // the incentive their scores choose (offer rules, spending guard, the lapsed category named).
    const clvOf = new Map<string, number>();
    const choiceOf = new Map<string, OfferChoice>();
    for (const stored of page.items) {
      counts.scanned++;
      const candidate = view ? await view(stored) : stored;
      const exclusion: AudienceExclusion | undefined = candidate
        ? audienceExclusion(candidate, campaign.audience, campaign.leadDays, now)
        : 'not scored by a stored model';
      if (exclusion || !candidate) exclude(exclusion ?? 'not scored by a stored model');
      else {
        selected.push({
          customerId: candidate.customerId,
          ...(candidate !== stored ? { churnMomentOn: candidate.churnMomentOn } : {}),
        });
        if (Number.isFinite(candidate.clv365Days)) clvOf.set(candidate.customerId, candidate.clv365Days);
        const variant = assignVariant(
          campaignId,
          candidate.customerId,
          campaign.holdoutPercent,
          campaign.variants,
        );
        const choice = chooseOffer(campaignForVariant(campaign, variant), offerFactsOf(candidate));
        if (Object.keys(choice).length > 0) choiceOf.set(candidate.customerId, choice);
      }
    }
    // Customers another campaign holds (or who are cooling down after a journey) are passed
    // over before the holdout is drawn: the control group is drawn from those the campaign
    // could have reached, or the lift would compare them with customers of other campaigns.
    const { facts, decisions } = await launchDecisions(
      deps,
      selected.map((r) => r.customerId),
      campaign,
      deps.settings.exclusivity,
      now,
    );
    const holdout: string[] = [];
    const reached: typeof selected = [];
    for (const [i, candidate] of selected.entries()) {
      const claim = decisions[i] as ClaimDecision;
      if (claim.kind === 'held-back') exclude(claim.reason);
      else if (isHeldOut(campaignId, candidate.customerId, campaign.holdoutPercent))
        holdout.push(candidate.customerId);
      else reached.push(candidate);
    }
    const spendAtEnrolment = (customerId: string) => facts.get(customerId)?.spend ?? 0;
    const value = (customerId: string) => {
      const clv = clvOf.get(customerId);
      const offerChoice = choiceOf.get(customerId);
      return {
        ...(clv === undefined ? {} : { clv365DaysAtEnrolment: clv }),
        ...(offerChoice ? { offerChoice } : {}),
      };
    };
    // The holdout is recorded, never started: the report compares them with the reached.
    const enrolling = pLimit(ENROLMENT_CONCURRENCY);
    await Promise.all(
      holdout.map((customerId) =>
        enrolling(() =>
          deps.journeys.enrol({
            campaignId,
            customerId,
            status: 'held-out',
            enrolledAt: now.toISOString(),
            spendAtEnrolment: spendAtEnrolment(customerId),
            ...value(customerId),
            exitReason: 'in the control group',
            timeline: [
              { at: now.toISOString(), step: 'start', outcome: 'held-out', reason: 'in the control group' },
            ],
          }),
        ),
      ),
    );
    // The enrolment is recorded before its execution starts: the campaign counts it as active
    // from now on, so it cannot complete while a journey is still being started. A cancel
    // stops the page within a second: no one is enrolled once it is seen.
    await Promise.all(
      reached.map(({ customerId, ...moment }) =>
        enrolling(async () => {
          if (await cancelled()) return;
          await deps.journeys.enrol({
            campaignId,
            customerId,
            status: 'active',
            enrolledAt: now.toISOString(),
            executionName: executionName(campaignId, customerId),
            spendAtEnrolment: spendAtEnrolment(customerId),
            ...value(customerId),
            ...(campaign.variants
              ? { variant: assignVariant(campaignId, customerId, campaign.holdoutPercent, campaign.variants) }
              : {}),
            ...moment,
            timeline: [{ at: now.toISOString(), step: 'start', outcome: 'enrolled' }],
          });
          await start(customerId);
        }),
      ),
    );
    counts.heldOut += holdout.length;
    counts.started += reached.length - skippedByCancel;
    if (skippedByCancel > 0) return { campaignId, segment, totalSegments, done: true, counts };
    cursor = page.cursor;
  } while (cursor && performance.now() < deadline);
  return { campaignId, segment, totalSegments, ...(cursor ? { cursor } : {}), done: !cursor, counts };
}

export async function recordLaunch(
  deps: Pick<LaunchDeps, 'campaigns' | 'clock'>,
  input: { campaignId: string; segments: readonly Pick<SegmentProgress, 'counts'>[] },
): Promise<LaunchSummary> {
  const summary: LaunchSummary = {
    launchedAt: deps.clock().toISOString(),
    scanned: 0,
    selected: 0,
    started: 0,
    heldOut: 0,
    excluded: {},
  };
  for (const { counts } of input.segments) {
    summary.scanned += counts.scanned;
    summary.started += counts.started;
    summary.heldOut += counts.heldOut;
    for (const [reason, n] of Object.entries(counts.excluded) as [LaunchExclusion, number][])
      summary.excluded[reason] = (summary.excluded[reason] ?? 0) + n;
  }
  summary.selected = summary.started + summary.heldOut;
  await deps.campaigns.recordLaunch(input.campaignId, summary);
  return summary;
}

export type CampaignCheck =
  | {
      state: 'waiting';
      active: number;
      reconciled: number;
      wakeAt: string;
      /** Whether the stored report is to be built anew (see REPORT_MAX_AGE_MS). */
      report: boolean;
    }
  | { state: 'ended'; status: string; reconciled: number };

/**
 * A running campaign's stored report is built anew at a check when its journeys moved on — 1 % of
 * the active ones (at least one) ended, or some were reconciled — or when it is this old. A large campaign waiting weeks for its
 * moments (or its managers' calls at night) would otherwise be read whole every few hours for
 * the same answer: 21,000 journeys four times a simulated day were most of the README
 * walkthrough's time on the local stack. Its `generatedAt` says how old it is.
 */
const REPORT_MAX_AGE_MS = 24 * 3_600_000;

/** How long a check may spend reconciling (its function has a minute). */
const RECONCILE_BUDGET_MS = 30_000;

export async function checkCampaign(
  deps: Pick<LaunchDeps, 'campaigns' | 'journeys' | 'clock' | 'settings'> & {
    /** Ends journeys whose execution is gone (reconcile-journeys.ts). */
    ending: ResponseDeps;
  },
  input: { campaignId: string },
): Promise<CampaignCheck> {
  const { campaignId } = input;
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign || campaign.status === 'cancelled' || campaign.status === 'completed')
    return { state: 'ended', status: campaign?.status ?? 'not found', reconciled: 0 };
  const reconciled = await reconcileJourneys(
    deps.ending,
    { campaignId, ...(campaign.launch ? { launchedAt: campaign.launch.launchedAt } : {}) },
    RECONCILE_BUDGET_MS,
  );
  const active = await deps.journeys.countActive(campaignId);
  if (active === 0) {
    await deps.campaigns.setStatus(campaignId, 'completed', ['running', 'paused']);
    return { state: 'ended', status: 'completed', reconciled };
  }
  const now = deps.clock();
  const wakeAt = new Date(now.getTime() + deps.settings.checkHours * 3_600_000);
  const stored = campaign.report;
  const report =
    !stored ||
    reconciled > 0 ||
    Math.abs(stored.journeys.active - active) >= Math.max(1, Math.ceil(stored.journeys.active * 0.01)) ||
    now.getTime() - Date.parse(stored.generatedAt) >= REPORT_MAX_AGE_MS;
  return { state: 'waiting', active, reconciled, wakeAt: waitTimestamp(wakeAt), report };
}

export interface CancelProgress {
  campaignId: string;
  cursor?: string;
  ended: number;
  done: boolean;
}

export async function endCampaignJourneys(
  deps: ResponseDeps & { settings: CampaignRunSettings },
  input: { campaignId: string; cursor?: string; ended?: number },
): Promise<CancelProgress> {
  const { campaignId } = input;
  const deadline = performance.now() + deps.settings.workBudgetMs;
  const end = pacedBy(
    deps.settings,
    1,
  )((customerId: string) => endJourneys(deps, customerId, [campaignId], 'campaign cancelled'));
  let ended = input.ended ?? 0;
  let cursor = input.cursor;
  do {
    const page = await deps.journeys.activePage(campaignId, cursor);
    const results = await Promise.all(page.items.map((journey) => end(journey.customerId)));
    ended += results.filter((r) => r.length > 0).length;
    cursor = page.cursor;
  } while (cursor && performance.now() < deadline);
  return { campaignId, ...(cursor ? { cursor } : {}), ended, done: !cursor };
}
