/** GET /v1/customers/{customerId}: profile, purchase summary and latest scores. */

import { HttpProblem, httpHandler, json, pathParameter } from '../shared/http.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { customerViewContext } from './composition.js';

const deps = customerViewContext();

export const handler = httpHandler(async (event) => {
  const customerId = pathParameter(event, 'customerId');
  const customer = await getCustomer(deps, customerId);
  if (!customer) throw new HttpProblem(404, 'Not Found', `no customer '${customerId}'`);
  return json(200, customer);
});
