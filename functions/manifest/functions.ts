/**
 * The function manifest: every Lambda function of the product, once. Each entry says which
 * handler module runs, which tables it touches and how, what else it may do (grants), which other
 * variables it reads, and its size. From it:
 *  - each handler parses exactly its own environment (environment.ts derives the schema);
 *  - the CDK constructs create the function, bind its tables, and must supply every variable it
 *    reads (a missing one is a type error: lib/constructs/house-function.ts);
 *  - the local stack gives each handler its own variables and nothing else;
 *  - tests/infra/function-manifest.test.ts checks every synthesized function against its entry,
 *    and each handler's imports against its grants.
 */
import type { Grant } from './grants.js';
import type { IndexName, TableAccess, TableName } from './tables.js';
import type { IdentityVariable, ResourceVariable, SettingVariable } from './variables.js';

export interface FunctionSpec {
  /** Basename of the handler module in functions/handlers (without `.ts`). */
  readonly handler: string;
  /** Stable id of the function's construct (its logical ids derive from it). */
  readonly constructId: string;
  readonly description: string;
  readonly tables: Readonly<Partial<Record<TableName, TableAccess>>>;
  /** Secondary indexes it queries (on tables it reads). */
  readonly indexes: readonly IndexName[];
  readonly grants: readonly Grant[];
  /** Variables it reads besides its tables' names and its grants' resources. */
  readonly variables: readonly (SettingVariable | ResourceVariable | IdentityVariable)[];
  /** Arm64 memory: more memory is more CPU, and the SDK's cold start is CPU-bound. */
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /**
   * It checks phone numbers: the numbering plans ship beside its bundle as JSON
   * (functions/domain/numbering-plans.ts).
   */
  readonly numberingPlans?: true;
}

const api = { memorySize: 512, timeoutSeconds: 10 } as const;
const journeyStep = { memorySize: 512, timeoutSeconds: 30 } as const;
const minutes = (n: number) => n * 60;

/** The reads every journey step decides from (the send ledger: the frequency cap). */
const journeyReads = {
  campaigns: 'read',
  journeys: 'readWrite',
  customers: 'readWrite',
  scores: 'read',
  sends: 'read',
} as const;

export const FUNCTIONS = {
  // The HTTP API (lib/api-routes.ts routes each to one of these).
  putCustomer: {
    handler: 'put-customer-handler',
    constructId: 'PutCustomerFunction',
    description: 'API: create or update a customer profile',
    tables: { customers: 'readWrite', scores: 'read' },
    indexes: [],
    grants: [],
    variables: ['DEFAULT_TIME_ZONE'],
    numberingPlans: true,
    ...api,
  },
  getCustomer: {
    handler: 'get-customer-handler',
    constructId: 'GetCustomerFunction',
    description: 'API: a customer with purchase summary and scores',
    tables: { customers: 'read', scores: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  customerTimeline: {
    handler: 'customer-timeline-handler',
    constructId: 'CustomerTimelineFunction',
    description: "API: a customer's journeys and P(alive) over time",
    // The campaigns are listed to find the customer's journey in each (one GetItem per campaign).
    tables: { customers: 'read', scores: 'read', models: 'read', campaigns: 'scan', journeys: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  eraseCustomer: {
    handler: 'erase-customer-handler',
    constructId: 'EraseCustomerFunction',
    description: "API: erase a customer's personal data",
    tables: { customers: 'readWrite' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  batchCustomers: {
    handler: 'batch-customers-handler',
    constructId: 'BatchCustomersFunction',
    description: 'API: create or update up to 500 profiles',
    tables: { customers: 'readWrite', idempotency: 'readWriteDelete' },
    indexes: [],
    grants: [],
    variables: ['DEFAULT_TIME_ZONE'],
    numberingPlans: true,
    ...api,
  },
  batchOrders: {
    handler: 'batch-orders-handler',
    constructId: 'BatchOrdersFunction',
    description: 'API: record up to 500 orders (a purchase ends journeys)',
    tables: {
      customers: 'readWrite',
      orders: 'readWrite',
      journeys: 'readWrite',
      idempotency: 'readWriteDelete',
      // An order's promo code that a journey gave out is attributed to that journey.
      offerCodes: 'read',
    },
    indexes: [],
    grants: ['endJourneys'],
    variables: ['DEFAULT_TIME_ZONE', 'BASE_CURRENCY', 'EXCHANGE_RATES'],
    ...api,
  },
  recordEvent: {
    handler: 'record-event-handler',
    constructId: 'RecordEventFunction',
    description: "API: record a customer's response (ends journeys)",
    tables: { customers: 'readWrite', journeys: 'readWrite', idempotency: 'readWriteDelete' },
    indexes: [],
    grants: ['endJourneys'],
    variables: [],
    ...api,
  },
  openApi: {
    handler: 'openapi-handler',
    constructId: 'OpenApiFunction',
    description: "API: the API's OpenAPI document",
    tables: {},
    indexes: [],
    grants: [],
    variables: [],
    numberingPlans: true,
    ...api,
  },
  followLink: {
    handler: 'follow-link-handler',
    constructId: 'FollowLinkFunction',
    description: 'Public link: a tracked click (ends journeys) to the landing page',
    tables: { sends: 'read', campaigns: 'read', customers: 'readWrite', journeys: 'readWrite' },
    indexes: ['bySendId'],
    grants: ['endJourneys'],
    variables: [],
    ...api,
  },
  surveyAnswer: {
    handler: 'survey-answer-handler',
    constructId: 'SurveyAnswerFunction',
    description:
      'Public link: a reason for leaving, answered from an email (ends journeys, or switches the offer)',
    tables: { sends: 'read', campaigns: 'read', customers: 'readWrite', journeys: 'readWrite' },
    indexes: ['bySendId'],
    grants: ['endJourneys'],
    variables: [],
    ...api,
  },
  unsubscribePage: {
    handler: 'unsubscribe-page-handler',
    constructId: 'UnsubscribePageFunction',
    description: 'Public link: the unsubscribe page',
    tables: { sends: 'read' },
    indexes: ['bySendId'],
    grants: [],
    variables: [],
    ...api,
  },
  unsubscribe: {
    handler: 'unsubscribe-handler',
    constructId: 'UnsubscribeFunction',
    description: 'Public link: unsubscribe (closes the channel, ends journeys)',
    tables: { sends: 'read', customers: 'readWrite', journeys: 'readWrite' },
    indexes: ['bySendId'],
    grants: ['endJourneys'],
    variables: [],
    ...api,
  },
  listCallTasks: {
    handler: 'list-call-tasks-handler',
    constructId: 'ListCallTasksFunction',
    description: "API: the managers' call tasks",
    tables: { callTasks: 'read' },
    indexes: ['byStatus'],
    grants: [],
    variables: [],
    ...api,
  },
  callTaskAction: {
    handler: 'call-task-action-handler',
    constructId: 'CallTaskActionFunction',
    description: 'API: take or close a call task',
    // Customers: a call that reached the customer records its manager as their previous contact.
    tables: { callTasks: 'readWrite', customers: 'readUpdate', idempotency: 'readWriteDelete' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  createCampaign: {
    handler: 'create-campaign-handler',
    constructId: 'CreateCampaignFunction',
    description: 'API: create a campaign draft',
    // Offer codes: a code pool the definition names must exist and not have expired.
    tables: { campaigns: 'readWrite', idempotency: 'readWriteDelete', offerCodes: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  updateCampaign: {
    handler: 'update-campaign-handler',
    constructId: 'UpdateCampaignFunction',
    description: "API: replace a draft campaign's definition",
    tables: { campaigns: 'readWrite', offerCodes: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  putCodePool: {
    handler: 'put-code-pool-handler',
    constructId: 'PutCodePoolFunction',
    description: 'API: upload a pool of offer codes',
    tables: { offerCodes: 'readWrite' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
    // A pool of 200,000 codes is 8,000 batch writes.
    memorySize: 1024,
    timeoutSeconds: 29,
  },
  getCodePool: {
    handler: 'get-code-pool-handler',
    constructId: 'GetCodePoolFunction',
    description: 'API: a pool of offer codes and how much of it is claimed',
    tables: { offerCodes: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  listCampaigns: {
    handler: 'list-campaigns-handler',
    constructId: 'ListCampaignsFunction',
    description: 'API: the campaigns',
    tables: { campaigns: 'scan' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  getScoringModel: {
    handler: 'get-scoring-model-handler',
    constructId: 'GetScoringModelFunction',
    description: 'API: the current scoring model and its backtest',
    tables: { models: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  getCampaign: {
    handler: 'get-campaign-handler',
    constructId: 'GetCampaignFunction',
    description: 'API: a campaign',
    tables: { campaigns: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    ...api,
  },
  campaignPreview: {
    handler: 'campaign-preview-handler',
    constructId: 'CampaignPreviewFunction',
    description: "API: a campaign's audience, plan and messages before launch",
    // A dry run: it writes nothing, so an Idempotency-Key would protect nothing (it is ignored).
    tables: {
      campaigns: 'read',
      scores: 'scan',
      models: 'read',
      customers: 'read',
      journeys: 'read',
      // Whether the campaign's code pool holds enough codes.
      offerCodes: 'read',
    },
    indexes: [],
    // The email capacity it warns about is the SES account's rate when that is lower.
    grants: ['readSendQuota'],
    variables: ['JOURNEY_SETTINGS', 'CAMPAIGN_RUN_SETTINGS'],
    ...api,
  },
  campaignReport: {
    handler: 'campaign-report-handler',
    constructId: 'CampaignReportFunction',
    description: "API: a campaign's report",
    tables: { campaigns: 'read', journeys: 'read', customers: 'read', callTasks: 'read' },
    indexes: ['byCampaign'],
    grants: [],
    variables: ['REPORT_SETTINGS'],
    ...api,
  },
  campaignAction: {
    handler: 'campaign-action-handler',
    constructId: 'CampaignActionFunction',
    description: 'API: launch, pause, resume or cancel a campaign',
    tables: { campaigns: 'readWrite', idempotency: 'readWriteDelete' },
    indexes: [],
    grants: ['runCampaigns'],
    variables: [],
    ...api,
  },

  // The API's Cognito authoriser (lib/constructs/group-authorizer.ts): a caller's groups are its roles.
  authorizeCaller: {
    handler: 'authorize-caller-handler',
    constructId: 'GroupAuthorizerFunction',
    description: "API authoriser: a Cognito ID token's groups as the caller's roles",
    tables: {},
    indexes: [],
    grants: [],
    variables: ['USER_POOL_ID'],
    // Verifying an RS256 signature is light; the pool's keys are fetched once per container.
    memorySize: 256,
    timeoutSeconds: 10,
  },

  // The journey workflow (lib/constructs/journey-workflow.ts).
  startJourney: {
    handler: 'start-journey-handler',
    constructId: 'StartFunction',
    description: 'journey: enrol and plan the first message',
    tables: { ...journeyReads, slots: 'readWrite' },
    indexes: [],
    // A take-over from a campaign of lower priority stops that journey's execution and call schedule.
    grants: ['endJourneys', 'readSendQuota'],
    variables: ['JOURNEY_SETTINGS'],
    ...journeyStep,
  },
  sendEmail: {
    handler: 'send-email-handler',
    constructId: 'SendEmailFunction',
    description: 'journey: send the email (SES v2)',
    // Offer codes: the journey's personal code is generated or claimed from a pool at its first message.
    tables: { ...journeyReads, sends: 'readWriteDelete', slots: 'readWrite', offerCodes: 'readWrite' },
    indexes: [],
    grants: ['sendEmail', 'readSendQuota'],
    variables: ['JOURNEY_SETTINGS', 'EMAIL_FROM'],
    ...journeyStep,
  },
  sendSms: {
    handler: 'send-sms-handler',
    constructId: 'SendSmsFunction',
    description: 'journey: send the SMS (SNS)',
    // Offer codes: the journey's personal code is generated or claimed from a pool at its first message.
    tables: { ...journeyReads, sends: 'readWriteDelete', slots: 'readWrite', offerCodes: 'readWrite' },
    indexes: [],
    grants: ['sendSms'],
    variables: ['JOURNEY_SETTINGS', 'SMS_TYPE', 'SMS_ORIGINATION_NUMBER'],
    ...journeyStep,
  },
  scheduleCall: {
    handler: 'schedule-call-handler',
    constructId: 'ScheduleCallFunction',
    description: 'journey: schedule the manager call',
    tables: { ...journeyReads, slots: 'readWrite' },
    indexes: [],
    grants: ['placeCallSchedules'],
    variables: ['JOURNEY_SETTINGS', 'CALL_TARGET_ARN'],
    ...journeyStep,
  },
  createCallTask: {
    handler: 'create-call-task-handler',
    constructId: 'CreateCallTaskFunction',
    description: 'journey: create the manager call task',
    tables: { ...journeyReads, callTasks: 'readWrite' },
    indexes: [],
    // Its own ARN (a paused campaign's deferred call targets it again) comes from the invocation.
    grants: ['placeCallSchedules', 'notifyManagers'],
    variables: ['JOURNEY_SETTINGS'],
    ...journeyStep,
  },
  recordJourneyFailure: {
    handler: 'record-journey-failure-handler',
    constructId: 'RecordFailureFunction',
    description: 'journey: end a journey whose step failed past its retries',
    tables: { journeys: 'readWrite', customers: 'readWrite' },
    indexes: [],
    grants: ['deleteCallSchedules'],
    variables: [],
    ...journeyStep,
  },

  // The campaign workflow (lib/constructs/campaign-workflow.ts).
  prepareLaunch: {
    handler: 'prepare-launch-handler',
    constructId: 'PrepareFunction',
    description: "campaign: check, fit the campaign's own model, split the launch",
    tables: { campaigns: 'readWrite', scores: 'scan', models: 'readWrite' },
    indexes: [],
    grants: [],
    variables: ['CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(5),
  },
  enrolSegment: {
    handler: 'enrol-segment-handler',
    constructId: 'EnrolFunction',
    description: "campaign: select a segment's audience and start journeys",
    tables: { campaigns: 'read', journeys: 'readWrite', scores: 'scan', models: 'read', customers: 'read' },
    indexes: [],
    grants: ['startJourneys'],
    variables: ['CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(15),
  },
  recordLaunch: {
    handler: 'record-launch-handler',
    constructId: 'RecordFunction',
    description: 'campaign: keep the launch counts',
    tables: { campaigns: 'readWrite', journeys: 'read' },
    indexes: [],
    grants: [],
    variables: ['CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(1),
  },
  checkCampaign: {
    handler: 'check-campaign-handler',
    constructId: 'CheckFunction',
    description: 'campaign: reconcile journeys, completed when none is active',
    tables: { campaigns: 'readWrite', journeys: 'readWrite', customers: 'readWrite' },
    indexes: [],
    grants: ['endJourneys', 'watchJourneys'],
    variables: ['CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(1),
  },
  buildReport: {
    handler: 'build-report-handler',
    constructId: 'ReportFunction',
    description: "campaign: build the campaign's report and keep it on the campaign",
    tables: { campaigns: 'readWrite', journeys: 'read', customers: 'read', callTasks: 'read' },
    indexes: ['byCampaign'],
    grants: [],
    variables: ['REPORT_SETTINGS', 'CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(15),
  },
  endCampaignJourneys: {
    handler: 'end-campaign-journeys-handler',
    constructId: 'EndJourneysFunction',
    description: "campaign: end a cancelled campaign's journeys",
    tables: { journeys: 'readWrite', customers: 'readWrite' },
    indexes: [],
    grants: ['endJourneys'],
    variables: ['CAMPAIGN_RUN_SETTINGS'],
    memorySize: 512,
    timeoutSeconds: minutes(15),
  },
  recordCampaignFailure: {
    handler: 'record-campaign-failure-handler',
    constructId: 'RecordFailureFunction',
    description: 'campaign: keep why a run stopped part-way on the campaign',
    tables: { campaigns: 'readWrite' },
    indexes: [],
    grants: [],
    variables: [],
    memorySize: 512,
    timeoutSeconds: minutes(1),
  },

  // SES feedback (lib/constructs/email-feedback.ts).
  sesFeedback: {
    handler: 'ses-feedback-handler',
    constructId: 'FeedbackFunction',
    description: 'SES feedback: close channels, count per campaign, pause on high bounce or complaint rates',
    tables: { sends: 'readWrite', campaigns: 'readWrite', customers: 'readWrite', journeys: 'readWrite' },
    indexes: ['bySendId'],
    grants: ['endJourneys'],
    variables: ['FEEDBACK_LIMITS'],
    memorySize: 512,
    timeoutSeconds: 30,
  },

  // The scoring workflow (lib/constructs/scoring-workflow.ts).
  fitScoringModel: {
    handler: 'fit-scoring-model-handler',
    constructId: 'FitFunction',
    description: 'scoring: fit the model on every customer',
    tables: { customers: 'scan', models: 'readWrite' },
    indexes: [],
    grants: [],
    variables: ['SCORING_MODEL', 'CHURN_THRESHOLD', 'TIME_UNIT_DAYS', 'PENALIZER', 'SCAN_SEGMENTS'],
    // Fitting holds every customer's statistics in memory (about 300 bytes each) and is CPU-bound.
    memorySize: 4096,
    timeoutSeconds: minutes(15),
  },
  scoreSegment: {
    handler: 'score-segment-handler',
    constructId: 'ScoreFunction',
    description: 'scoring: score one scan segment',
    tables: { customers: 'scan', scores: 'readWrite', models: 'read' },
    indexes: [],
    grants: [],
    variables: [],
    // 1,769 MB is one full vCPU: scoring a segment is CPU-bound between its reads and writes.
    memorySize: 1769,
    timeoutSeconds: minutes(15),
  },
  publishScoringModel: {
    handler: 'publish-scoring-model-handler',
    constructId: 'PublishFunction',
    description: 'scoring: name the current model',
    tables: { models: 'readWrite' },
    indexes: [],
    grants: [],
    variables: [],
    memorySize: 256,
    timeoutSeconds: minutes(1),
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;
