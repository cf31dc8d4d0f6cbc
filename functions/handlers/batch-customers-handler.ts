/** POST /v1/customers/batch: upsert up to 500 customers; any invalid one and none is written. */

import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json, readJsonBody } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { publishOutcomes } from '../shared/observability.js';
import { upsertCustomers } from '../use-cases/upsert-customers.js';
import { assertNoRejections, batchItems, summarise } from './batch-results.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.batchCustomers, (env) => {
  const db = createDynamoClient();
  const deps = {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    settings: { profileDefaults: { timeZone: env.DEFAULT_TIME_ZONE } },
  };
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const items = batchItems(readJsonBody(event), 'customers');
      const { outcomes } = await upsertCustomers(deps, items, { allOrNothing: true });
      const summary = summarise(outcomes);
      publishOutcomes('Customers', summary);
      assertNoRejections('customers', outcomes);
      return json(200, { summary, results: outcomes.map((o, index) => ({ index, ...o })) });
    }),
  );
});
