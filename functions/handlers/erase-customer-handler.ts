/** DELETE /v1/customers/{customerId}: erase personal data, keep anonymous statistics. */

import { HttpProblem, httpHandler, noContent, pathParameter } from '../shared/http.js';
import { eraseCustomer } from '../use-cases/erase-customer.js';
import { customersContext } from './composition.js';

const deps = customersContext();

export const handler = httpHandler(async (event) => {
  const customerId = pathParameter(event, 'customerId');
  if (!(await eraseCustomer(deps, customerId)))
    throw new HttpProblem(404, 'Not Found', `no customer '${customerId}'`);
  return noContent();
});
