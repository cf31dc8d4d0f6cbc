/** PUT /v1/customers/{customerId}: create or replace one customer's profile. */

import { HttpProblem, httpHandler, json, pathParameter, readJsonBody } from '../shared/http.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { upsertCustomers } from '../use-cases/upsert-customers.js';
import { assertNoRejections } from './batch-results.js';
import { customerViewContext, profilesContext } from './composition.js';

const deps = { ...customerViewContext(), ...profilesContext() };

export const handler = httpHandler(async (event) => {
  const customerId = pathParameter(event, 'customerId');
  const body = readJsonBody(event);
  if (body.customerId !== undefined && body.customerId !== customerId) {
    throw new HttpProblem(400, 'Bad Request', 'customerId in the body differs from the one in the path');
  }
  const { outcomes } = await upsertCustomers(deps, [{ ...body, customerId }], { allOrNothing: true });
  assertNoRejections('customer', outcomes);
  return json(outcomes[0]?.status === 'created' ? 201 : 200, await getCustomer(deps, customerId));
});
