/** PUT /v1/campaigns/{campaignId}: replace a draft's definition (checked as at creation). */

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import {
  HttpProblem,
  httpHandler,
  json,
  pathParameter,
  readJsonBody,
  requestHeader,
} from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { campaignDefinitionSchema, updateDraft } from '../use-cases/manage-campaigns.js';
import { answeringDefinitionErrors } from './campaign-definition-errors.js';
import { CAMPAIGN_ID } from './path-rules.js';

/**
 * The `updatedAt` the editor read, from `If-Match: "<updatedAt>"` (quotes optional; a weak `W/`
 * prefix is ignored, the comparison is exact). None, or `*` (any version): the edit is not
 * checked against others.
 */
function ifMatchOf(event: APIGatewayProxyEvent): string | undefined {
  const value = requestHeader(event, 'if-match')?.trim();
  if (!value || value === '*') return undefined;
  return value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.updateCampaign, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
    clock,
  };
  return httpHandler(async (event) => {
    const campaignId = pathParameter(event, 'campaignId', CAMPAIGN_ID);
    const body = readJsonBody(event);
    if (body.campaignId !== undefined && body.campaignId !== campaignId)
      throw new HttpProblem(400, 'Bad Request', 'campaignId in the body differs from the one in the path');
    const parsed = validate(campaignDefinitionSchema, { ...body, campaignId });
    if (!parsed.ok)
      throw new HttpProblem(400, 'Invalid campaign', parsed.reasons.join('; '), { errors: parsed.fields });
    const seen = ifMatchOf(event);
    return json(
      200,
      await answeringDefinitionErrors(() => updateDraft(deps, campaignId, parsed.value, seen)),
    );
  });
});
