/**
 * Composition roots for the API handlers: environment checked once, clients and adapters created
 * once per container and shared by every invocation. Each function gets only the tables and
 * settings its routes need (see lib/api-routes.ts).
 */
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoOrderLedger } from '../adapters/dynamodb-order-ledger.js';
import { createDynamoClient } from '../shared/aws-clients.js';
import {
  customersEnvironmentSchema,
  ingestEnvironmentSchema,
  ingestSettingsFrom,
  parseEnvironment,
  profilesEnvironmentSchema,
} from '../shared/environment.js';

import { tracer } from '../shared/observability.js';

/** One traced DynamoDB client per container (tracing is a no-op outside Lambda). */
const dynamo = () => tracer.captureAWSv3Client(createDynamoClient());

export function customersContext() {
  const env = parseEnvironment(customersEnvironmentSchema);
  return { customers: new DynamoCustomerRepository(dynamo(), env.CUSTOMERS_TABLE) };
}

export function profilesContext() {
  const env = parseEnvironment(profilesEnvironmentSchema);
  return {
    customers: new DynamoCustomerRepository(dynamo(), env.CUSTOMERS_TABLE),
    settings: { profileDefaults: { timeZone: env.DEFAULT_TIME_ZONE } },
  };
}

export function ordersContext() {
  const env = parseEnvironment(ingestEnvironmentSchema);
  return {
    ledger: new DynamoOrderLedger(dynamo(), {
      customers: env.CUSTOMERS_TABLE,
      orders: env.ORDERS_TABLE,
    }),
    settings: ingestSettingsFrom(env),
  };
}
