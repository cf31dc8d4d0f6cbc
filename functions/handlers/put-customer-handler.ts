/** PUT /v1/customers/{customerId}: create or replace one customer's profile. */

import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { HttpProblem, httpHandler, json, pathParameter, readJsonBody } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { upsertCustomers } from '../use-cases/upsert-customers.js';
import { assertNoRejections } from './batch-results.js';
import { CUSTOMER_ID } from './path-rules.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.putCustomer, (env) => {
  const db = createDynamoClient();
  const deps = {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
    settings: { profileDefaults: { timeZone: env.DEFAULT_TIME_ZONE } },
  };
  return httpHandler(async (event) => {
    const customerId = pathParameter(event, 'customerId', CUSTOMER_ID);
    const body = readJsonBody(event);
    if (body.customerId !== undefined && body.customerId !== customerId) {
      throw new HttpProblem(400, 'Bad Request', 'customerId in the body differs from the one in the path');
    }
    const { outcomes } = await upsertCustomers(deps, [{ ...body, customerId }], { allOrNothing: true });
    assertNoRejections('customer', outcomes);
    return json(outcomes[0]?.status === 'created' ? 201 : 200, await getCustomer(deps, customerId));
  });
});
