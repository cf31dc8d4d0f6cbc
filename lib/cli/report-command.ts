/**
 * `reactivate report CAMPAIGN`: the campaign report from the running local stack's tables, as
 * `GET /v1/campaigns/{id}/report` answers it — the same use case and the stage's prices.
 */
import { DynamoCallTaskStore } from '../../functions/adapters/dynamodb-call-task-store.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import type { CampaignReport } from '../../functions/domain/journey/campaign-report.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import { reportCampaign } from '../../functions/use-cases/campaign-report.js';
import { CampaignError } from '../../functions/use-cases/manage-campaigns.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { reportSettings } from '../journey-environment.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { findLocalStack } from '../local/stack-descriptor.js';
import { UsageError } from './import-command.js';
import { counts } from './output.js';

export async function reportCommand(options: {
  campaignId: string;
  dataDir?: string;
  config?: StageConfig;
}): Promise<CampaignReport> {
  const { prices } = reportSettings(options.config ?? parseStageConfig({ stage: 'local' }));
  const stack = findLocalStack(options.dataDir);
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  try {
    return await reportCampaign(
      {
        campaigns: new DynamoCampaignStore(db, stack.tables.campaigns),
        journeys: new DynamoJourneyStore(db, stack.tables.journeys),
        customers: new DynamoCustomerRepository(db, stack.tables.customers),
        tasks: new DynamoCallTaskStore(db, stack.tables.callTasks),
        // No gateway timeout here: the CLI reads every journey, however many.
        settings: { prices, liveJourneys: Number.MAX_SAFE_INTEGER },
        clock: () => new Date(),
      },
      options.campaignId,
    );
  } catch (error) {
    if (error instanceof CampaignError) throw new UsageError(error.message);
    throw error;
  } finally {
    db.destroy();
  }
}

const percent = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(digits)} %`;
const money = (x: number) =>
  x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** The report as lines for a terminal. */
export function reportLines(r: CampaignReport): string[] {
  const { contacted, heldOut, lift } = r.reactivation;
  const interval = (rate: typeof contacted) =>
    rate.ci95 ? ` [${percent(rate.ci95.low)} – ${percent(rate.ci95.high)}]` : '';
  const e = r.steps.email;
  return [
    `Report of '${r.campaignId}' (${r.status}), attribution window ${r.attributionDays} days`,
    `Journeys    ${r.journeys.contacted} contacted, ${r.journeys.heldOut} held out, ${r.journeys.active} still active${r.journeys.failed ? `, ${r.journeys.failed} failed (a step failed past its retries: see each journey's exit reason)` : ''}`,
    `Email       ${e.sent} sent of ${e.eligible}; delivered ${e.delivered}, bounced ${e.bounced}, clicked ${e.clicked}; skipped: ${counts(e.skipped)}; ${e.responded} responded after it`,
    `SMS         ${r.steps.sms.sent} sent of ${r.steps.sms.eligible}; skipped: ${counts(r.steps.sms.skipped)}; ${r.steps.sms.responded} responded after it`,
    `Calls       ${r.steps.call.tasks} tasks (${r.steps.call.open} open); results: ${counts(r.steps.call.results)}; reasons for leaving: ${counts(r.steps.call.leavingReasons)}`,
    `Responses   ${counts(r.responses)}`,
    `Stopped     ${counts(r.stopped)} (ended from our side, not by the customer)`,
    `Surveys     ${r.surveys.answers} answers; reasons for leaving: ${counts(r.surveys.leavingReasons)}`,
    `Reactivated contacted ${percent(contacted.rate)}${interval(contacted)} (${contacted.count}/${contacted.of}), control ${percent(heldOut.rate)}${interval(heldOut)} (${heldOut.count}/${heldOut.of})`,
    `Lift        ${lift ? `${(lift.difference * 100).toFixed(1)} points [${(lift.ci95.low * 100).toFixed(1)} – ${(lift.ci95.high * 100).toFixed(1)}]` : 'n/a (no control group or no contacted customers)'}`,
    `Revenue     ${r.revenue ? `${money(r.revenue.meanA)} per contacted vs ${money(r.revenue.meanB)} per control customer; incremental ${money(r.revenue.incremental)}` : 'unknown (enrolments without a spend baseline)'}`,
    `Cost        ${money(r.cost.total)} (email ${money(r.cost.email)}, SMS ${money(r.cost.sms)}, AWS ${money(r.cost.aws)}); ROI ${r.roi === null ? 'n/a' : `${(r.roi * 100).toFixed(0)} %`}`,
  ];
}
