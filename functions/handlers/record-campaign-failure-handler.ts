/** Campaign run, on a step that failed past its retries: keep the failure on the campaign. */
import * as z from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { campaignIdSchema } from '../domain/journey/campaign.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { recordCampaignRunFailure } from '../use-cases/record-campaign-failure.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.recordCampaignFailure, (env) => {
  const deps = { campaigns: new DynamoCampaignStore(createDynamoClient(), env.CAMPAIGNS_TABLE), clock };
  return workflowTask(
    'record campaign run failure',
    z.object({
      campaignId: campaignIdSchema,
      action: z.string().optional(),
      failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
    }),
    (input) => recordCampaignRunFailure(deps, input),
  );
});
