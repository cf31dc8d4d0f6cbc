/**
 * The HTTP API's routes: one Lambda handler each, with the tables it may touch and the
 * environment it needs. The CDK API construct and the local API server are both built from this
 * list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { z } from 'zod';
import type { ingestEnvironmentSchema } from '../functions/shared/environment.js';
import type { StageConfig } from './config.js';
import type { TableName } from './table-definitions.js';

/**
 * `scan`: reads plus `Scan` (whole-table jobs); `readWrite`: reads plus item writes;
 * `readWriteDelete`: also `DeleteItem` (the send ledger gives back a claim the provider refused).
 */
export type TableAccess = 'read' | 'scan' | 'readWrite' | 'readWriteDelete';
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
  /** Records responses: may stop journey executions and delete their call schedules. */
  endsJourneys?: true;
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
    tables: { customers: 'readWrite', orders: 'readWrite', journeys: 'readWrite' },
    environment: 'ingest',
    endsJourneys: true,
  },
  {
    method: 'POST',
    path: '/v1/events',
    handler: 'record-event-handler',
    functionId: 'RecordEventFunction',
    tables: { customers: 'readWrite', journeys: 'readWrite' },
    environment: 'customers',
    endsJourneys: true,
  },
  {
    method: 'GET',
    path: '/v1/call-tasks',
    handler: 'list-call-tasks-handler',
    functionId: 'ListCallTasksFunction',
    tables: { callTasks: 'read' },
    environment: 'customers',
  },
];

/** The environment variable that carries each table's name to the handlers. */
export const TABLE_VARIABLES = {
  customers: 'CUSTOMERS_TABLE',
  orders: 'ORDERS_TABLE',
  scores: 'SCORES_TABLE',
  models: 'MODELS_TABLE',
  campaigns: 'CAMPAIGNS_TABLE',
  journeys: 'JOURNEYS_TABLE',
  sends: 'SENDS_TABLE',
  callTasks: 'CALL_TASKS_TABLE',
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
