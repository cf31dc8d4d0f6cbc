/** POST /v1/customers/batch: upsert up to 500 customers; any invalid one and none is written. */

import { httpHandler, json, readJsonBody } from '../shared/http.js';
import { publishOutcomes } from '../shared/observability.js';
import { upsertCustomers } from '../use-cases/upsert-customers.js';
import { assertNoRejections, batchItems, summarise } from './batch-results.js';
import { profilesContext } from './composition.js';

const deps = profilesContext();

export const handler = httpHandler(async (event) => {
  const items = batchItems(readJsonBody(event), 'customers');
  const { outcomes } = await upsertCustomers(deps, items, { allOrNothing: true });
  const summary = summarise(outcomes);
  publishOutcomes('Customers', summary);
  assertNoRejections('customers', outcomes);
  return json(200, { summary, results: outcomes.map((o, index) => ({ index, ...o })) });
});
