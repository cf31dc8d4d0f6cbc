/** DELETE /v1/customers/{customerId}: erase personal data, keep anonymous statistics. */

import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { HttpProblem, httpHandler, noContent, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { eraseCustomer } from '../use-cases/erase-customer.js';
import { CUSTOMER_ID } from './path-rules.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.eraseCustomer, (env) => {
  const deps = { customers: new DynamoCustomerRepository(createDynamoClient(), env.CUSTOMERS_TABLE) };
  return httpHandler(async (event) => {
    const customerId = pathParameter(event, 'customerId', CUSTOMER_ID);
    if (!(await eraseCustomer(deps, customerId)))
      throw new HttpProblem(404, 'Not Found', `no customer '${customerId}'`);
    return noContent();
  });
});
