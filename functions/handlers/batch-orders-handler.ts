/**
 * POST /v1/orders/batch: record up to 500 orders, each counted once in its customer's statistics
 * (a re-sent order is `unchanged`); any refused order and none is written.
 */

import { httpHandler, json, readJsonBody } from '../shared/http.js';
import { publishOutcomes } from '../shared/observability.js';
import { recordOrders } from '../use-cases/record-orders.js';
import { assertNoRejections, batchItems, summarise } from './batch-results.js';
import { ordersContext } from './composition.js';

const deps = ordersContext();

export const handler = httpHandler(async (event) => {
  const items = batchItems(readJsonBody(event), 'orders');
  const { outcomes } = await recordOrders(deps, items, { allOrNothing: true });
  const summary = summarise(outcomes);
  publishOutcomes('Orders', summary);
  assertNoRejections('orders', outcomes);
  return json(200, { summary, results: outcomes.map((o, index) => ({ index, ...o })) });
});
