/** GET /v1/customers/{customerId}/timeline: every journey of the customer and their P(alive) over time. */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { customerTimeline } from '../use-cases/customer-timeline.js';
import { CUSTOMER_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.customerTimeline, (env) => {
  const db = createDynamoClient();
  const deps = {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
  };
  return httpHandler(async (event) => {
    const customerId = pathParameter(event, 'customerId', CUSTOMER_ID);
    return json(200, await answeringUseCaseErrors(() => customerTimeline(deps, customerId)));
  });
});
