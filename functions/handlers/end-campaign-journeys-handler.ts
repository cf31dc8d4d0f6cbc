/** Campaign run, cancel (repeated until done): end every active journey of a cancelled campaign. */

import { journeyEnding } from '../composition/journey-ending.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { endCampaignJourneys } from '../use-cases/run-campaign.js';
import { cancelTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.endCampaignJourneys, (env) => {
  const deps = { ...journeyEnding(createDynamoClient(), env), settings: env.CAMPAIGN_RUN_SETTINGS };
  return workflowTask(
    'end campaign journeys',
    cancelTaskInput,
    ({ done: _done, action: _action, ...input }) => endCampaignJourneys(deps, input),
  );
});
