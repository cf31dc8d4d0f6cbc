/**
 * The HTTP API's routes: one Lambda handler each, with the tables it may touch and the
 * environment it needs. The CDK API construct and the local API server are both built from this
 * list, so a route exists locally exactly when it exists in AWS, with the same handler.
 */
import type { z } from 'zod';
import type { ingestEnvironmentSchema } from '../functions/shared/environment.js';
import type { StageConfig } from './config.js';
import { campaignRunSettings, journeySettings } from './journey-environment.js';
import type { TableName } from './table-definitions.js';

/**
 * `scan`: reads plus `Scan` (whole-table jobs); `readWrite`: reads plus item writes;
 * `readWriteDelete`: also `DeleteItem` (the send ledger gives back a claim the provider refused).
 */
export type TableAccess = 'read' | 'scan' | 'readWrite' | 'readWriteDelete';
export type HandlerEnvironment = 'customers' | 'profiles' | 'ingest' | 'reports' | 'preview';

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
    path: '/v1/openapi.json',
    handler: 'openapi-handler',
    functionId: 'OpenApiFunction',
    tables: {},
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/l/{sendId}',
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
    handler: 'unsubscribe-page-handler',
    functionId: 'UnsubscribePageFunction',
    tables: { sends: 'read' },
    environment: 'customers',
    public: true,
  },
  {
    method: 'POST',
    path: '/u/{sendId}',
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
    handler: 'list-call-tasks-handler',
    functionId: 'ListCallTasksFunction',
    tables: { callTasks: 'read' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/call-tasks/{taskId}/{action}',
    handler: 'call-task-action-handler',
    functionId: 'CallTaskActionFunction',
    tables: { callTasks: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/campaigns',
    handler: 'create-campaign-handler',
    functionId: 'CreateCampaignFunction',
    tables: { campaigns: 'readWrite' },
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/v1/campaigns',
    handler: 'list-campaigns-handler',
    functionId: 'ListCampaignsFunction',
    tables: { campaigns: 'scan' },
    environment: 'customers',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    handler: 'get-campaign-handler',
    functionId: 'GetCampaignFunction',
    tables: { campaigns: 'read' },
    environment: 'customers',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/preview',
    handler: 'campaign-preview-handler',
    functionId: 'CampaignPreviewFunction',
    tables: { campaigns: 'read', scores: 'scan', models: 'read', customers: 'read' },
    environment: 'preview',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/report',
    handler: 'campaign-report-handler',
    functionId: 'CampaignReportFunction',
    tables: { campaigns: 'read', journeys: 'read', customers: 'read', callTasks: 'read' },
    environment: 'reports',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/{action}',
    handler: 'campaign-action-handler',
    functionId: 'CampaignActionFunction',
    tables: { campaigns: 'readWrite' },
    environment: 'customers',
    runsCampaigns: true,
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
  if (kind === 'reports')
    return {
      REPORT_PRICES: JSON.stringify({
        email: config.reports.emailPrice,
        sms: config.reports.smsPrice,
        perJourney: config.reports.awsPerJourney,
      }),
    };
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
