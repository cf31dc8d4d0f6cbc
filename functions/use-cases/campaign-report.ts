/**
 * A campaign's report from what the stores hold: the campaign (and its SES counts), its journeys
 * (one partition) with their customers' purchases, and the call tasks' outcomes. Journeys are
 * read page by page into a tally of counts and running moments, never held all at once.
 *
 * Two ways to it:
 *  - `reportCampaign` (the API, the CLI) reads every journey when asked — for a campaign of up to
 *    `liveJourneys` journeys (20,000 by default: a few seconds, inside API Gateway's 29 s);
 *    a larger one answers with the report its campaign run built last;
 *  - `buildReport` (a campaign run step, after the launch and at every completion check) reads
 *    the journeys within a work budget, hands the cursor and the tally on to its next invocation,
 *    and stores the finished report on the campaign.
 */

import type { Campaign } from '../domain/journey/campaign.js';
import {
  type CampaignReport,
  emptyTally,
  type ReportPrices,
  type ReportTally,
  reportFromTally,
  tallyJourneys,
} from '../domain/journey/campaign-report.js';
import type { JourneyRecord } from '../domain/journey/journey.js';
import type { CallTaskStore } from '../ports/call-task-store.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import { CampaignError } from './manage-campaigns.js';

export interface ReportSettings {
  prices: ReportPrices;
  /** Journeys a report request reads at most; a larger campaign answers with its run's report. */
  liveJourneys: number;
}

export interface ReportDeps {
  campaigns: Pick<CampaignStore, 'get'>;
  journeys: Pick<JourneyStore, 'page'>;
  customers: Pick<CustomerRepository, 'purchasesOf'>;
  tasks: Pick<CallTaskStore, 'ofCampaign'>;
  settings: ReportSettings;
  clock: () => Date;
}

export async function reportCampaign(deps: ReportDeps, campaignId: string): Promise<CampaignReport> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new CampaignError('not-found', `no campaign '${campaignId}'`);
  const limit = deps.settings.liveJourneys;
  if ((campaign.launch?.selected ?? 0) > limit) return builtByRun(campaign, limit);
  const tally = emptyTally();
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await deps.journeys.page(campaignId, cursor);
    // A launch still under way may pass the limit before its summary says so.
    read += page.items.length;
    if (read > limit) return builtByRun(campaign, limit);
    await tallyPage(deps, tally, page.items, campaign);
    cursor = page.cursor;
  } while (cursor);
  return finish(deps, campaign, tally, 'request');
}

function builtByRun(campaign: Campaign, limit: number): CampaignReport {
  if (campaign.report) return campaign.report;
  throw new CampaignError(
    'conflict',
    `campaign '${campaign.campaignId}' has more than ${limit.toLocaleString('en-US')} journeys: its report is built by its campaign run once the launch is recorded — ask again then`,
  );
}

export interface ReportProgress {
  campaignId: string;
  cursor?: string;
  tally?: ReportTally;
  done: boolean;
}

export async function buildReport(
  deps: ReportDeps & { campaigns: Pick<CampaignStore, 'recordReport'>; workBudgetMs: number },
  input: { campaignId: string; progress?: { cursor?: string; tally?: ReportTally } },
): Promise<ReportProgress> {
  const { campaignId } = input;
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) return { campaignId, done: true };
  const deadline = performance.now() + deps.workBudgetMs;
  const tally = input.progress?.tally ?? emptyTally();
  let cursor = input.progress?.cursor;
  do {
    const page = await deps.journeys.page(campaignId, cursor);
    await tallyPage(deps, tally, page.items, campaign);
    cursor = page.cursor;
  } while (cursor && performance.now() < deadline);
  if (cursor) return { campaignId, cursor, tally, done: false };
  await deps.campaigns.recordReport(campaignId, await finish(deps, campaign, tally, 'campaign run'));
  return { campaignId, done: true };
}

async function tallyPage(
  deps: Pick<ReportDeps, 'customers'>,
  tally: ReportTally,
  journeys: readonly JourneyRecord[],
  campaign: Campaign,
): Promise<void> {
  const purchases = await deps.customers.purchasesOf(journeys.map((j) => j.customerId));
  tallyJourneys(tally, journeys, purchases, campaign.attributionDays, Boolean(campaign.offerRules));
}

async function finish(
  deps: Pick<ReportDeps, 'tasks' | 'settings' | 'clock'>,
  campaign: Campaign,
  tally: ReportTally,
  builtBy: CampaignReport['builtBy'],
): Promise<CampaignReport> {
  const tasks = await deps.tasks.ofCampaign(campaign.campaignId);
  return reportFromTally({
    campaign,
    tally,
    tasks,
    prices: deps.settings.prices,
    now: deps.clock(),
    builtBy,
  });
}
