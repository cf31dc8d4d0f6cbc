/** GET /v1/campaigns/{campaignId}: the definition, status and launch summary. */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { getCampaign } from '../use-cases/manage-campaigns.js';
import { CAMPAIGN_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.getCampaign, (env) => {
  const deps = { campaigns: new DynamoCampaignStore(createDynamoClient(), env.CAMPAIGNS_TABLE), clock };
  return httpHandler(async (event) => {
    const campaignId = pathParameter(event, 'campaignId', CAMPAIGN_ID);
    return json(200, await answeringUseCaseErrors(() => getCampaign(deps, campaignId)));
  });
});
