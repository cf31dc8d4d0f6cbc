/**
 * The HTTP API's routes: one Lambda handler each, with the tables it may touch and the
 * environment it needs. The CDK API construct and the local API server are both built from this
 * list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { z } from 'zod';
import type { ingestEnvironmentSchema } from '../functions/shared/environment.js';
import type { StageConfig } from './config.js';
import { campaignRunSettings, journeySettings, reportSettings } from './journey-environment.js';
import type { TableName } from './table-definitions.js';

/**
 * `scan`: reads plus `Scan` (whole-table jobs); `readWrite`: reads plus item writes;
 * `readWriteDelete`: also `DeleteItem` (the send ledger gives back a claim the provider refused).
 */
export type TableAccess = 'read' | 'scan' | 'readWrite' | 'readWriteDelete';
export type HandlerEnvironment = 'customers' | 'profiles' | 'ingest' | 'reports' | 'preview';

/**
 * Who calls the API, by job. `admin` may call every route (erasure only admin); the others only
 * the routes that name them: back-office systems feed data (`integration`), marketers run
 * campaigns (`marketer`), call-centre agents work the call queue (`agent`). In AWS each role is an
 * IAM managed policy (or a Cognito scope); locally, a bearer token each.
 */
export const CALLER_ROLES = ['admin', 'marketer', 'agent', 'integration'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export interface RouteDefinition {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  /** The roles besides `admin` that may call it (none for public links, which need no credentials). */
  roles: readonly Exclude<CallerRole, 'admin'>[];
  /** Basename of the handler module in functions/handlers (without `.ts`). */
  handler: string;
  /** Stable construct id of the route's function. */
  functionId: string;
  tables: Partial<Record<TableName, TableAccess>>;
  environment: HandlerEnvironment;
  /** Records responses: may stop journey executions and delete their call schedules. */
  endsJourneys?: true;
  /** Starts campaign runs (launch, cancel) of the campaign state machine. */
  runsCampaigns?: true;
  /**
   * Opened by customers from a message: no authorisation. The path's random send id is the
   * credential, and it only ever acts on the one send it names.
   */
  public?: true;
}

export const API_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    path: '/v1/customers/{customerId}',
    roles: ['integration'],
    handler: 'put-customer-handler',
    functionId: 'PutCustomerFunction',
    tables: { customers: 'readWrite', scores: 'read' },
    environment: 'profiles',
  },
  {
    method: 'GET',
    path: '/v1/customers/{customerId}',
    roles: ['marketer', 'agent', 'integration'],
    handler: 'get-customer-handler',
    functionId: 'GetCustomerFunction',
    tables: { customers: 'read', scores: 'read' },
    environment: 'customers',
  },
  {
    method: 'DELETE',
    path: '/v1/customers/{customerId}',
    roles: [],
    handler: 'erase-customer-handler',
    functionId: 'EraseCustomerFunction',
    tables: { customers: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/customers/batch',
    roles: ['integration'],
    handler: 'batch-customers-handler',
    functionId: 'BatchCustomersFunction',
    tables: { customers: 'readWrite' },
    environment: 'profiles',
  },
  {
    method: 'POST',
    path: '/v1/orders/batch',
    roles: ['integration'],
    handler: 'batch-orders-handler',
    functionId: 'BatchOrdersFunction',
    tables: { customers: 'readWrite', orders: 'readWrite', journeys: 'readWrite' },
    environment: 'ingest',
    endsJourneys: true,
  },
  {
    method: 'POST',
    path: '/v1/events',
    roles: ['integration', 'agent'],
    handler: 'record-event-handler',
    functionId: 'RecordEventFunction',
    tables: { customers: 'readWrite', journeys: 'readWrite' },
    environment: 'customers',
    endsJourneys: true,
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    roles: ['marketer', 'agent', 'integration'],
    handler: 'openapi-handler',
    functionId: 'OpenApiFunction',
    tables: {},
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/l/{sendId}',
    roles: [],
    handler: 'follow-link-handler',
    functionId: 'FollowLinkFunction',
    tables: { sends: 'read', campaigns: 'read', customers: 'readWrite', journeys: 'readWrite' },
    environment: 'customers',
    endsJourneys: true,
    public: true,
  },
  {
    method: 'GET',
    path: '/u/{sendId}',
    roles: [],
    handler: 'unsubscribe-page-handler',
    functionId: 'UnsubscribePageFunction',
    tables: { sends: 'read' },
    environment: 'customers',
    public: true,
  },
  {
    method: 'POST',
    path: '/u/{sendId}',
    roles: [],
    handler: 'unsubscribe-handler',
    functionId: 'UnsubscribeFunction',
    tables: { sends: 'read', customers: 'readWrite', journeys: 'readWrite' },
    environment: 'customers',
    endsJourneys: true,
    public: true,
  },
  {
    method: 'GET',
    path: '/v1/call-tasks',
    roles: ['agent'],
    handler: 'list-call-tasks-handler',
    functionId: 'ListCallTasksFunction',
    tables: { callTasks: 'read' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/call-tasks/{taskId}/{action}',
    roles: ['agent'],
    handler: 'call-task-action-handler',
    functionId: 'CallTaskActionFunction',
    tables: { callTasks: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/campaigns',
    roles: ['marketer'],
    handler: 'create-campaign-handler',
    functionId: 'CreateCampaignFunction',
    tables: { campaigns: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/v1/campaigns',
    roles: ['marketer'],
    handler: 'list-campaigns-handler',
    functionId: 'ListCampaignsFunction',
    tables: { campaigns: 'scan' },
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    roles: ['marketer'],
    handler: 'get-campaign-handler',
    functionId: 'GetCampaignFunction',
    tables: { campaigns: 'read' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/preview',
    roles: ['marketer'],
    handler: 'campaign-preview-handler',
    functionId: 'CampaignPreviewFunction',
    tables: { campaigns: 'read', scores: 'scan', models: 'read', customers: 'read' },
    environment: 'preview',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/report',
    roles: ['marketer'],
    handler: 'campaign-report-handler',
    functionId: 'CampaignReportFunction',
    tables: { campaigns: 'read', journeys: 'read', customers: 'read', callTasks: 'read' },
    environment: 'reports',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/{action}',
    roles: ['marketer'],
    handler: 'campaign-action-handler',
    functionId: 'CampaignActionFunction',
    tables: { campaigns: 'readWrite' },
    environment: 'customers',
    runsCampaigns: true,
  },
];

/** Whether a caller in `role` may call `route` (public links aside: they take no credentials). */
export function roleMayCall(role: CallerRole, route: RouteDefinition): boolean {
  return role === 'admin' || (route.roles as readonly CallerRole[]).includes(role);
}

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
  idempotency: 'IDEMPOTENCY_TABLE',
} as const satisfies Record<TableName, string>;

type SettingsVariables = Omit<z.input<typeof ingestEnvironmentSchema>, 'CUSTOMERS_TABLE' | 'ORDERS_TABLE'>;

/** The non-table variables each kind of handler reads (see functions/shared/environment.ts). */
export function handlerEnvironment(
  kind: HandlerEnvironment,
  config: StageConfig,
  /** The API's URL: the base of the links a preview renders, unless the config sets one. */
  apiUrl = '',
): Record<string, string> {
  const defaults = config.defaults;
  if (kind === 'preview')
    return {
      JOURNEY_SETTINGS: JSON.stringify(journeySettings(config, apiUrl)),
      CAMPAIGN_RUN_SETTINGS: JSON.stringify(campaignRunSettings(config)),
    };
  if (kind === 'reports') return { REPORT_SETTINGS: JSON.stringify(reportSettings(config)) };
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
