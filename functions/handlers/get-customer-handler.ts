/** GET /v1/customers/{customerId}: profile, purchase summary and latest scores. */

import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { HttpProblem, httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { CUSTOMER_ID } from './path-rules.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.getCustomer, (env) => {
  const db = createDynamoClient();
  const deps = {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
  };
  return httpHandler(async (event) => {
    const customerId = pathParameter(event, 'customerId', CUSTOMER_ID);
    const customer = await getCustomer(deps, customerId);
    if (!customer) throw new HttpProblem(404, 'Not Found', `no customer '${customerId}'`);
    return json(200, customer);
  });
});
