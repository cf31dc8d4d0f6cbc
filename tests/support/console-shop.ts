/**
 * A shop for the console's browser tests, benchmark and screenshots: the demo's generated
 * customers and order histories sent through the API, then scored by the real scoring use case,
 * so every page shows what a real shop would (segments, churn moments, P(alive)).
 */
import { chunked } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCustomerPopulation } from '../../functions/adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../../functions/adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../../functions/adapters/dynamodb-score-store.js';
import type { CustomerInput } from '../../functions/domain/customer-input.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import { scoreAllCustomers } from '../../functions/use-cases/score-customers.js';
import { demoPopulation } from '../../lib/demo/population.js';
import { localApiClient } from '../../lib/local/local-api-client.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';

export async function seedConsoleShop(
  stack: LocalStack,
  customers: number,
  seed = 7,
): Promise<CustomerInput[]> {
  const api = localApiClient(stack);
  const shop = demoPopulation(customers, new Date(stack.clock.now()), seed);
  for (const chunk of chunked(shop.customers, 500))
    await api('POST', '/v1/customers/batch', { customers: chunk });
  for (const chunk of chunked(shop.orders, 500)) await api('POST', '/v1/orders/batch', { orders: chunk });
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  try {
    await scoreAllCustomers(
      {
        population: new DynamoCustomerPopulation(db, stack.tables.customers),
        scores: new DynamoScoreStore(db, stack.tables.scores),
        models: new DynamoModelStore(db, stack.tables.models),
        clock: () => new Date(stack.clock.now()),
      },
      { model: 'bgnbd', churnThreshold: 0.5, unitDays: 7, penalizer: 0.001, segments: 2 },
    );
  } finally {
    db.destroy();
  }
  return shop.customers;
}
