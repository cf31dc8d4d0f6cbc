/**
 * Campaign run, launch step 4 (repeated): ends journeys whose execution is gone (the reconciler),
 * then completed once no journey is active, else when to look again.
 */

import { campaignProgress } from '../composition/campaign-progress.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { checkCampaign } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.checkCampaign, (env) => {
  const db = createDynamoClient();
  const deps = { ...campaignProgress(env, db), ending: journeyEnding(db, env) };
  return workflowTask('check campaign', campaignTaskInput, (input) => checkCampaign(deps, input));
});
