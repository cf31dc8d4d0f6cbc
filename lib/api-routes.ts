/**
 * The HTTP API's routes: one Lambda handler each, with the tables it may touch and the
 * environment it needs. The CDK API construct and the local API server are both built from this
 * list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { TableName } from './table-definitions.js';

export type TableAccess = 'read' | 'readWrite';
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
    tables: { customers: 'readWrite' },
    environment: 'profiles',
  },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}',
    handler: 'get-customer-handler',
    functionId: 'GetCustomerFunction',
    tables: { customers: 'read' },
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
