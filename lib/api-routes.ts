/**
 * The HTTP API's routes: one Lambda handler each, with the tables it may touch and the
 * environment it needs. The CDK API construct and the local API server are both built from this
 * list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { z } from 'zod';
import type { ingestEnvironmentSchema } from '../functions/shared/environment.js';
import type { StageConfig } from './config.js';
import type { TableName } from './table-definitions.js';

/** `scan`: reads plus `Scan` (whole-table jobs); `readWrite`: reads plus item writes. */
export type TableAccess = 'read' | 'scan' | 'readWrite';
export type HandlerEnvironment = 'customers' | 'profiles' | 'ingest';

export interface RouteDefinition {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  /** Basename of the handler module in functions/handlers (without `.ts`). */
  handler: string;
  /** Stable construct id of the route's function. */
  functionId: string;
  tables: Partial<Record<TableName, TableAccess>>;
  environment: HandlerEnvironment;
}

export const API_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    path: '/v1/customers/{customerId}',
    handler: 'put-customer-handler',
    functionId: 'PutCustomerFunction',
    tables: { customers: 'readWrite', scores: 'read' },
    environment: 'profiles',
  },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}',
    handler: 'get-customer-handler',
    functionId: 'GetCustomerFunction',
    tables: { customers: 'read', scores: 'read' },
    environment: 'customers',
  },
  {
    method: 'DELETE',
    path: '/v1/customers/{customerId}',
    handler: 'erase-customer-handler',
    functionId: 'EraseCustomerFunction',
    tables: { customers: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/customers/batch',
    handler: 'batch-customers-handler',
    functionId: 'BatchCustomersFunction',
    tables: { customers: 'readWrite' },
    environment: 'profiles',
  },
  {
    method: 'POST',
    path: '/v1/orders/batch',
    handler: 'batch-orders-handler',
    functionId: 'BatchOrdersFunction',
    tables: { customers: 'readWrite', orders: 'readWrite' },
    environment: 'ingest',
  },
];

/** The environment variable that carries each table's name to the handlers. */
export const TABLE_VARIABLES = {
  customers: 'CUSTOMERS_TABLE',
  orders: 'ORDERS_TABLE',
  scores: 'SCORES_TABLE',
  models: 'MODELS_TABLE',
} as const satisfies Record<TableName, string>;

type SettingsVariables = Omit<z.input<typeof ingestEnvironmentSchema>, 'CUSTOMERS_TABLE' | 'ORDERS_TABLE'>;

/** The non-table variables each kind of handler reads (see functions/shared/environment.ts). */
export function handlerEnvironment(kind: HandlerEnvironment, config: StageConfig): Record<string, string> {
  const defaults = config.defaults;
  const variables: Partial<SettingsVariables> =
    kind === 'customers'
      ? {}
      : kind === 'profiles'
        ? { DEFAULT_TIME_ZONE: defaults.timeZone }
        : {
            DEFAULT_TIME_ZONE: defaults.timeZone,
            BASE_CURRENCY: defaults.currency,
            EXCHANGE_RATES: JSON.stringify(defaults.exchangeRates),
          };
  return variables as Record<string, string>;
}
