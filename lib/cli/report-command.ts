/**
 * `reactivate report CAMPAIGN`: the campaign report from the running local stack's tables, as
 * `GET /v1/campaigns/{id}/report` answers it — the same use case, the stage's prices and the same
 * rule for large campaigns (their run's stored report), so the two never disagree. `--live` reads
 * every journey instead.
 */
import { DynamoCallTaskStore } from '../../functions/adapters/dynamodb-call-task-store.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import type { CampaignReport } from '../../functions/domain/journey/campaign-report.js';
import { reportCampaign } from '../../functions/use-cases/campaign-report.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { reportSettings } from '../journey-environment.js';
import { onLocalStack } from './on-local-stack.js';
import { counts } from './output.js';

export async function reportCommand(options: {
  campaignId: string;
  dataDir?: string;
  config?: StageConfig;
  /** Read every journey, however many (otherwise the API's `reports.liveJourneys` rule). */
  live?: boolean;
}): Promise<CampaignReport> {
  const { prices, liveJourneys } = reportSettings(options.config ?? parseStageConfig({ stage: 'local' }));
  return onLocalStack(options.dataDir, (db, stack) =>
    reportCampaign(
      {
        campaigns: new DynamoCampaignStore(db, stack.tables.campaigns),
        journeys: new DynamoJourneyStore(db, stack.tables.journeys),
        customers: new DynamoCustomerRepository(db, stack.tables.customers),
        tasks: new DynamoCallTaskStore(db, stack.tables.callTasks),
        settings: { prices, liveJourneys: options.live ? Number.MAX_SAFE_INTEGER : liveJourneys },
        clock: () => new Date(),
      },
      options.campaignId,
    ),
  );
}

const percent = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(digits)} %`;
const money = (x: number) =>
  x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** The report as lines for a terminal. */
export function reportLines(r: CampaignReport): string[] {
  const { enrolled, heldOut, lift, significant } = r.reactivation;
  const interval = (rate: typeof enrolled) =>
    rate.ci95 ? ` [${percent(rate.ci95.low)} – ${percent(rate.ci95.high)}]` : '';
  const j = r.journeys;
  const k = r.kpis;
  const e = r.steps.email;
  const call = r.steps.call;
  const roi = r.roi;
  const roiLine =
    roi === null
      ? 'n/a'
      : `${percent(roi.value, 0)}${roi.ci95 ? ` [${percent(roi.ci95.low, 0)} – ${percent(roi.ci95.high, 0)}]` : ' (no interval yet)'}${roi.significant ? '' : ' — not significant: the campaign may as well have lost money'}`;
  return [
    `Report of '${r.campaignId}' (${r.status}), attribution window ${r.attributionDays} days — ${r.builtBy === 'request' ? 'read from every journey now' : `built by the campaign run at ${r.generatedAt} (--live to read every journey now)`}`,
    `Journeys    ${j.enrolled} enrolled (${j.heldOut} held out as the control group): ${j.active} active (${j.waiting} waiting for their moment), ${j.completed} completed, ${j.endedByCustomer} ended by the customer, ${j.endedByCampaign} ended by the campaign, ${j.failed} failed`,
    `Contacted   ${j.contacted} (a message sent or a call task created)`,
    ...(j.failed ? [`Failed      ${counts(j.failures)} (a step failed past its retries)`] : []),
    `Email       ${e.sent} sent of ${e.eligible}; delivered ${e.delivered}, bounced ${e.bounced}, clicked ${e.clicked}; skipped: ${counts(e.skipped)}; ${e.responded} responded after it`,
    `SMS         ${r.steps.sms.sent} sent of ${r.steps.sms.eligible} (${r.steps.sms.parts ?? r.steps.sms.sent} billed parts); skipped: ${counts(r.steps.sms.skipped)}; ${r.steps.sms.responded} responded after it`,
    `Calls       ${call.scheduled} scheduled, ${call.tasks} tasks (${call.open} open); not placed: ${counts(call.skipped)}; results: ${counts(call.results)}; reasons for leaving: ${counts(call.leavingReasons)}`,
    `Responses   ${counts(r.responses)} (ended by the customer)`,
    `Stopped     ${counts(r.stopped)} (ended from our side, not by the customer)`,
    `Surveys     ${r.surveys.answers} answers; reasons for leaving: ${counts(r.surveys.leavingReasons)}`,
    ...(r.offers && r.offers.codesGiven + r.offers.fellBack.sharedCode + r.offers.fellBack.noMessage > 0
      ? [
          `Codes       ${r.offers.codesGiven} personal codes given (pool ran out: ${r.offers.fellBack.sharedCode} got the shared code, ${r.offers.fellBack.noMessage} no message); ${r.offers.redemptions} redemptions of ${r.offers.redeemedCodes} codes (${r.offers.redeemedByOthers} by someone else), discounts ${money(r.offers.discountGiven)}`,
        ]
      : []),
    `Reactivated enrolled ${percent(enrolled.rate)}${interval(enrolled)} (${enrolled.count}/${enrolled.of}), control ${percent(heldOut.rate)}${interval(heldOut)} (${heldOut.count}/${heldOut.of})`,
    `Lift        ${lift ? `${(lift.difference * 100).toFixed(1)} points [${(lift.ci95.low * 100).toFixed(1)} – ${(lift.ci95.high * 100).toFixed(1)}]${significant ? '' : ' — not significant (the interval includes 0)'}` : 'n/a (no control group or no enrolled customers)'}`,
    `Revenue     ${r.revenue ? `${money(r.revenue.meanA)} per enrolled vs ${money(r.revenue.meanB)} per control customer; incremental ${money(r.revenue.incremental)}` : 'unknown (enrolments without a spend baseline)'}`,
    `Cost        ${money(r.cost.total)} (email ${money(r.cost.email)}, SMS ${money(r.cost.sms)}, calls ${money(r.cost.calls ?? 0)}, AWS ${money(r.cost.aws)}, discounts ${money(r.cost.discounts ?? 0)})`,
    // A report a campaign run stored before the KPIs existed has none.
    ...(k
      ? [
          `Incremental ${k.incrementalReactivations ? `${k.incrementalReactivations.value.toFixed(1)} reactivations [${k.incrementalReactivations.ci95.low.toFixed(1)} – ${k.incrementalReactivations.ci95.high.toFixed(1)}]` : 'n/a'}; per reactivation ${k.costPerIncrementalReactivation ? `${money(k.costPerIncrementalReactivation.value)} [${money(k.costPerIncrementalReactivation.ci95.low)} – ${k.costPerIncrementalReactivation.ci95.high === null ? 'unbounded' : money(k.costPerIncrementalReactivation.ci95.high)}]` : 'n/a (no positive lift)'}`,
          `Orders      average order value of the reactivated ${k.averageOrderValue.enrolled === null ? 'n/a' : money(k.averageOrderValue.enrolled)} vs control ${k.averageOrderValue.heldOut === null ? 'n/a' : money(k.averageOrderValue.heldOut)}; the reactivated are worth ${money(k.expectedValueOfReactivated)} over a year (model value at enrolment)`,
        ]
      : []),
    `ROI         ${roiLine}`,
    ...(r.variants
      ? [
          ...r.variants.variants.map(
            (v) =>
              `Variant     ${v.id} (${v.share} %): ${v.enrolled} enrolled, reactivated ${percent(v.reactivation.rate)}${interval(v.reactivation)}; lift ${v.lift ? `${(v.lift.difference * 100).toFixed(1)} points [${(v.lift.ci95.low * 100).toFixed(1)} – ${(v.lift.ci95.high * 100).toFixed(1)}]${v.lift.significant ? '' : ' — not significant'}` : 'n/a'}`,
          ),
          `Winner      ${r.variants.winner ?? "none yet (no variant's interval lies above all the others')"}`,
        ]
      : []),
  ];
}
