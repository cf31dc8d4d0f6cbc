/** GET /v1/campaigns: every campaign, newest first. */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.listCampaigns, (env) => {
  const deps = { campaigns: new DynamoCampaignStore(createDynamoClient(), env.CAMPAIGNS_TABLE) };
  return httpHandler(async () => json(200, { campaigns: await deps.campaigns.list() }));
});
