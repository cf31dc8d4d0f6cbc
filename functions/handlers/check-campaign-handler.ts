/** Campaign run, launch step 4 (repeated): completed once no journey is active, else when to look again. */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { checkCampaign } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.checkCampaign, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
  return workflowTask('check campaign', campaignTaskInput, (input) => checkCampaign(deps, input));
});
