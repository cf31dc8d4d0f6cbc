/**
 * Campaign run, launch step 1: is the campaign running, its own model fitted if it has one, and
 * in how many segments it is launched.
 */

import { DynamoAudienceSource } from '../adapters/dynamodb-audience-source.js';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { prepareLaunch } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.prepareLaunch, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
  return workflowTask('prepare launch', campaignTaskInput, (input) => prepareLaunch(deps, input));
});
