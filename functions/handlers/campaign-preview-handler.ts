/**
 * POST /v1/campaigns/{campaignId}/preview: a dry run — audience by segment, exclusions and
 * skipped channels by reason, the days the first emails would go, and sample customers with
 * their planned timeline in their own time zone and the messages rendered for them. Nothing is
 * enrolled, sent or scheduled.
 */

import { DynamoAudienceSource } from '../adapters/dynamodb-audience-source.js';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { SesSendQuota } from '../adapters/ses-send-quota.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { previewCampaign } from '../use-cases/preview-campaign.js';
import { CAMPAIGN_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.campaignPreview, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
    quota: new SesSendQuota(),
    settings: env.JOURNEY_SETTINGS,
    segments: env.CAMPAIGN_RUN_SETTINGS.segments,
    modelFit: env.CAMPAIGN_RUN_SETTINGS.modelFit,
    clock,
  };
  // Safe (nothing is written), so an Idempotency-Key changes nothing: it is not looked at.
  return httpHandler(async (event) =>
    json(
      200,
      await answeringUseCaseErrors(() =>
        previewCampaign(deps, pathParameter(event, 'campaignId', CAMPAIGN_ID)),
      ),
    ),
  );
});
