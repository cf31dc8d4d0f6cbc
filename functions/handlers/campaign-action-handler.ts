/**
 * POST /v1/campaigns/{campaignId}/{action}: start, pause, resume or cancel. Repeating an action
 * answers as the first time did; an action the status does not allow is a 409. Start and cancel
 * answer 202: the launch or the ending of journeys runs on in the campaign state machine.
 */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { SfnWorkflowRuns } from '../adapters/sfn-workflow-runs.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { createSfnClient } from '../shared/clients/sfn.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json, pathParameter } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { actOnCampaign, CAMPAIGN_ACTIONS, campaignActionSchema } from '../use-cases/manage-campaigns.js';
import { CAMPAIGN_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.campaignAction, (env) => {
  const deps = {
    campaigns: new DynamoCampaignStore(createDynamoClient(), env.CAMPAIGNS_TABLE),
    runs: new SfnWorkflowRuns(createSfnClient(), env.CAMPAIGN_STATE_MACHINE_ARN),
    clock,
  };
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const campaignId = pathParameter(event, 'campaignId', CAMPAIGN_ID);
      const action = campaignActionSchema.safeParse(pathParameter(event, 'action'));
      if (!action.success)
        throw new HttpProblem(404, 'Not Found', `campaigns know the actions ${CAMPAIGN_ACTIONS.join(', ')}`);
      const campaign = await answeringUseCaseErrors(() => actOnCampaign(deps, campaignId, action.data));
      // Start and cancel go on in the background (the campaign run): accepted, not finished.
      return json(action.data === 'start' || action.data === 'cancel' ? 202 : 200, campaign);
    }),
  );
});
