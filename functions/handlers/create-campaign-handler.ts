/**
 * POST /v1/campaigns: creates a draft campaign. The whole definition is checked here — templates
 * included, so an unknown variable is refused now and never found at send time.
 */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { HttpProblem, httpHandler, json, readJsonBody } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { campaignDefinitionSchema, createCampaign } from '../use-cases/manage-campaigns.js';
import { answeringDefinitionErrors } from './campaign-definition-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.createCampaign, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
    clock,
  };
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const parsed = validate(campaignDefinitionSchema, readJsonBody(event));
      if (!parsed.ok)
        throw new HttpProblem(400, 'Invalid campaign', parsed.reasons.join('; '), { errors: parsed.fields });
      const campaign = await answeringDefinitionErrors(() => createCampaign(deps, parsed.value));
      return json(201, campaign);
    }),
  );
});
