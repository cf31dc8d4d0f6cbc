/** Campaign run, launch step 3: keep the launch's counts on the campaign. */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { recordLaunch, type SegmentCounts } from '../use-cases/run-campaign.js';
import { launchSummaryInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.recordLaunch, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
  return workflowTask('record launch', launchSummaryInput, (input) =>
    recordLaunch(deps, { ...input, segments: input.segments as { counts: SegmentCounts }[] }),
  );
});
