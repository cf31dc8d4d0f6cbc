/**
 * POST /v1/orders/batch: record up to 500 orders, each counted once in its customer's statistics
 * (a re-sent order is `unchanged`); any refused order and none is written.
 */

import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoOfferCodeStore } from '../adapters/dynamodb-offer-code-store.js';
import { DynamoOrderLedger } from '../adapters/dynamodb-order-ledger.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json, readJsonBody } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { publishOutcomes } from '../shared/observability.js';
import { ingestSettings } from '../use-cases/ingest-settings.js';
import { recordOrders } from '../use-cases/record-orders.js';
import { assertNoRejections, batchItems, summarise } from './batch-results.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.batchOrders, (env) => {
  const db = createDynamoClient();
  const deps = {
    ledger: new DynamoOrderLedger(db, { customers: env.CUSTOMERS_TABLE, orders: env.ORDERS_TABLE }),
    settings: ingestSettings({
      timeZone: env.DEFAULT_TIME_ZONE,
      currency: env.BASE_CURRENCY,
      exchangeRates: env.EXCHANGE_RATES,
    }),
    responses: journeyEnding(db, env),
    redemptions: {
      codes: new DynamoOfferCodeStore(db, env.OFFER_CODES_TABLE),
      journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    },
  };
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const items = batchItems(readJsonBody(event), 'orders');
      const { outcomes } = await recordOrders(deps, items, { allOrNothing: true });
      const summary = summarise(outcomes);
      publishOutcomes('Orders', summary);
      assertNoRejections('orders', outcomes);
      return json(200, { summary, results: outcomes.map((o, index) => ({ index, ...o })) });
    }),
  );
});
