/** PUT /v1/campaigns/{campaignId}: replace a draft's definition (checked as at creation). */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json, pathParameter, readJsonBody } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { campaignDefinitionSchema, updateDraft } from '../use-cases/manage-campaigns.js';
import { CAMPAIGN_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.updateCampaign, (env) => {
  const deps = { campaigns: new DynamoCampaignStore(createDynamoClient(), env.CAMPAIGNS_TABLE), clock };
  return httpHandler(async (event) => {
    const campaignId = pathParameter(event, 'campaignId', CAMPAIGN_ID);
    const body = readJsonBody(event);
    if (body.campaignId !== undefined && body.campaignId !== campaignId)
      throw new HttpProblem(400, 'Bad Request', 'campaignId in the body differs from the one in the path');
    const parsed = validate(campaignDefinitionSchema, { ...body, campaignId });
    if (!parsed.ok)
      throw new HttpProblem(400, 'Invalid campaign', parsed.reasons.join('; '), { errors: parsed.fields });
    return json(200, await answeringUseCaseErrors(() => updateDraft(deps, campaignId, parsed.value)));
  });
});
