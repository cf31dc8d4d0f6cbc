/**
 * Builds a campaign's report from what the stores hold: the campaign (and its SES counts), every
 * journey of it (one partition), the customers' purchases, and the call tasks' outcomes. On
 * demand and exact; it reads every journey, so a campaign of millions wants a scheduled report
 * job instead (docs/scale-and-cost.md).
 */
import { type CampaignReport, campaignReport, type ReportPrices } from '../domain/journey/campaign-report.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type {
  CallTask,
  CallTaskStore,
  CampaignStore,
  JourneyRecord,
  JourneyStore,
} from '../ports/journey-store.js';
import { CampaignError } from './manage-campaigns.js';

export interface ReportDeps {
  campaigns: Pick<CampaignStore, 'get'>;
  journeys: Pick<JourneyStore, 'list'>;
  customers: Pick<CustomerRepository, 'purchasesOf'>;
  tasks: Pick<CallTaskStore, 'list'>;
  prices: ReportPrices;
  clock: () => Date;
}

export async function reportCampaign(deps: ReportDeps, campaignId: string): Promise<CampaignReport> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new CampaignError('not-found', `no campaign '${campaignId}'`);
  const journeys: JourneyRecord[] = [];
  for await (const page of deps.journeys.list(campaignId)) journeys.push(...page);
  const [purchases, ...taskLists] = await Promise.all([
    deps.customers.purchasesOf(journeys.map((j) => j.customerId)),
    ...(['open', 'done', 'cancelled'] as const).map((status) => deps.tasks.list({ status })),
  ]);
  const tasks = (taskLists as CallTask[][]).flat().filter((t) => t.campaignId === campaignId);
  return campaignReport({ campaign, journeys, purchases, tasks, prices: deps.prices, now: deps.clock() });
}
