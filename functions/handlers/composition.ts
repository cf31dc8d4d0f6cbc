/**
 * Composition roots for the API handlers: environment checked once, clients and adapters created
 * once per container and shared by every invocation. Each function gets only the tables and
 * settings its routes need (see lib/api-routes.ts).
 */
import { DynamoCustomerPopulation } from '../adapters/dynamodb-customer-population.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { DynamoOrderLedger } from '../adapters/dynamodb-order-ledger.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { createDynamoClient } from '../shared/aws-clients.js';
import {
  customersEnvironmentSchema,
  customerViewEnvironmentSchema,
  fitScoringEnvironmentSchema,
  ingestEnvironmentSchema,
  ingestSettingsFrom,
  parseEnvironment,
  profilesEnvironmentSchema,
  publishModelEnvironmentSchema,
  scoreSegmentEnvironmentSchema,
} from '../shared/environment.js';

import { tracer } from '../shared/observability.js';

/** One traced DynamoDB client per container (tracing is a no-op outside Lambda). */
const dynamo = () => tracer.captureAWSv3Client(createDynamoClient());

export function customersContext() {
  const env = parseEnvironment(customersEnvironmentSchema);
  return { customers: new DynamoCustomerRepository(dynamo(), env.CUSTOMERS_TABLE) };
}

export function customerViewContext() {
  const env = parseEnvironment(customerViewEnvironmentSchema);
  const db = dynamo();
  return {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
  };
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

const clock = () => new Date();

/** The scoring workflow's first step: fits on every customer, decides the run's settings. */
export function fitScoringContext() {
  const env = parseEnvironment(fitScoringEnvironmentSchema);
  const db = dynamo();
  return {
    deps: {
      population: new DynamoCustomerPopulation(db, env.CUSTOMERS_TABLE),
      models: new DynamoModelStore(db, env.MODELS_TABLE),
      clock,
    },
    settings: {
      model: env.SCORING_MODEL,
      churnThreshold: env.CHURN_THRESHOLD,
      unitDays: env.TIME_UNIT_DAYS,
      penalizer: env.PENALIZER,
      segments: env.SCAN_SEGMENTS,
    },
  };
}

export function scoreSegmentContext() {
  const env = parseEnvironment(scoreSegmentEnvironmentSchema);
  const db = dynamo();
  return {
    population: new DynamoCustomerPopulation(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    clock,
  };
}

export function publishModelContext() {
  const env = parseEnvironment(publishModelEnvironmentSchema);
  return { models: new DynamoModelStore(dynamo(), env.MODELS_TABLE), clock };
}
