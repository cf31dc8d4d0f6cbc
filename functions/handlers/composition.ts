/**
 * Composition roots for the API handlers: environment checked once, clients and adapters created
 * once per container and shared by every invocation. Each function gets only the tables and
 * settings its routes need (see lib/api-routes.ts).
 */

import { z } from 'zod';
import { DynamoAudienceSource } from '../adapters/dynamodb-audience-source.js';
import { DynamoCallTaskStore } from '../adapters/dynamodb-call-task-store.js';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerPopulation } from '../adapters/dynamodb-customer-population.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { DynamoOrderLedger } from '../adapters/dynamodb-order-ledger.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { SchedulerCallScheduler } from '../adapters/scheduler-call-scheduler.js';
import { SesEmailSender } from '../adapters/ses-email-sender.js';
import { SfnWorkflowRuns } from '../adapters/sfn-workflow-runs.js';
import { SnsManagerNotifier, SnsSmsSender } from '../adapters/sns-senders.js';
import {
  createDynamoClient,
  createSchedulerClient,
  createSesClient,
  createSfnClient,
  createSnsClient,
} from '../shared/aws-clients.js';
import { clock } from '../shared/clock.js';
import {
  buildReportEnvironmentSchema,
  callTaskEnvironmentSchema,
  campaignApiEnvironmentSchema,
  campaignProgressEnvironmentSchema,
  clickEnvironmentSchema,
  customersEnvironmentSchema,
  customerViewEnvironmentSchema,
  feedbackEnvironmentSchema,
  fitScoringEnvironmentSchema,
  ingestEnvironmentSchema,
  ingestSettingsFrom,
  journeyFailureEnvironmentSchema,
  journeyStepEnvironmentSchema,
  launchEnvironmentSchema,
  linkEnvironmentSchema,
  parseEnvironment,
  prepareLaunchEnvironmentSchema,
  previewEnvironmentSchema,
  profilesEnvironmentSchema,
  publishModelEnvironmentSchema,
  reportEnvironmentSchema,
  responseEnvironment,
  scheduleCallEnvironmentSchema,
  scoreSegmentEnvironmentSchema,
  sendEmailEnvironmentSchema,
  sendSmsEnvironmentSchema,
} from '../shared/environment.js';
import { tracer } from '../shared/observability.js';
import type { CallTaskQueueDeps } from '../use-cases/call-tasks.js';
import type { ReportDeps } from '../use-cases/campaign-report.js';
import type { CallTaskDeps } from '../use-cases/create-call-task.js';
import type { CallStepDeps, JourneyDeps, MessageDeps } from '../use-cases/journey-steps.js';
import type { CampaignDeps } from '../use-cases/manage-campaigns.js';
import type { PreviewDeps } from '../use-cases/preview-campaign.js';
import type { ClickDeps, LinkDeps } from '../use-cases/public-links.js';
import type { FeedbackDeps } from '../use-cases/record-delivery-feedback.js';
import type { JourneyFailureDeps } from '../use-cases/record-journey-failure.js';
import type { ResponseDeps } from '../use-cases/record-responses.js';
import type { CampaignRunSettings, LaunchDeps, PrepareDeps } from '../use-cases/run-campaign.js';

/** One traced DynamoDB client per container (tracing is a no-op outside Lambda). */
const dynamo = () => tracer.captureAWSv3Client(createDynamoClient());
const sfn = () => tracer.captureAWSv3Client(createSfnClient());

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
    ...optional('responses', responseContext()),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

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

const journeyStores = (env: Omit<z.output<typeof journeyStepEnvironmentSchema>, 'JOURNEY_SETTINGS'>) => {
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
    sends: new DynamoSendLedger(db, env.SENDS_TABLE),
    clock,
  };
};

export function startJourneyContext(): JourneyDeps {
  const env = parseEnvironment(journeyStepEnvironmentSchema);
  return { ...journeyStores(env), settings: env.JOURNEY_SETTINGS };
}

/** Email and SMS steps share one use case; each function gets only its own provider. */
export function sendEmailContext(): MessageDeps {
  const env = parseEnvironment(sendEmailEnvironmentSchema);
  return {
    ...journeyStores(env),
    settings: env.JOURNEY_SETTINGS,
    email: new SesEmailSender(tracer.captureAWSv3Client(createSesClient()), {
      from: env.EMAIL_FROM,
      ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    }),
    sms: unavailable('SMS'),
  };
}

export function sendSmsContext(): MessageDeps {
  const env = parseEnvironment(sendSmsEnvironmentSchema);
  return {
    ...journeyStores(env),
    settings: env.JOURNEY_SETTINGS,
    email: unavailable('email'),
    sms: new SnsSmsSender(tracer.captureAWSv3Client(createSnsClient()), {
      smsType: env.SMS_TYPE,
      ...(env.SMS_ORIGINATION_NUMBER ? { originationNumber: env.SMS_ORIGINATION_NUMBER } : {}),
    }),
  };
}

const unavailable = (channel: string) => ({
  send: () => Promise.reject(new Error(`this function does not send ${channel}`)),
});

const callScheduler = (env: {
  CALL_SCHEDULE_GROUP: string;
  CALL_TARGET_ARN?: string;
  CALL_TARGET_ROLE_ARN?: string;
  CALL_DLQ_ARN?: string;
}) =>
  new SchedulerCallScheduler(tracer.captureAWSv3Client(createSchedulerClient()), {
    groupName: env.CALL_SCHEDULE_GROUP,
    targetArn: env.CALL_TARGET_ARN ?? '',
    roleArn: env.CALL_TARGET_ROLE_ARN ?? '',
    deadLetterQueueArn: env.CALL_DLQ_ARN ?? '',
  });

export function scheduleCallContext(): CallStepDeps {
  const env = parseEnvironment(scheduleCallEnvironmentSchema);
  return { ...journeyStores(env), settings: env.JOURNEY_SETTINGS, calls: callScheduler(env) };
}

export function journeyFailureContext(): JourneyFailureDeps {
  const env = parseEnvironment(journeyFailureEnvironmentSchema);
  const db = dynamo();
  return {
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    calls: callScheduler(env),
    clock,
  };
}

/**
 * The call schedule's target, completed per invocation with its own ARN (the target of the
 * schedule a paused campaign's call is deferred to); clients stay one per container.
 */
export function callTaskContext(): (targetArn: string) => CallTaskDeps {
  const env = parseEnvironment(callTaskEnvironmentSchema);
  const db = dynamo();
  const scheduler = tracer.captureAWSv3Client(createSchedulerClient());
  const deps = {
    ...journeyStores(env),
    settings: env.JOURNEY_SETTINGS,
    tasks: new DynamoCallTaskStore(db, env.CALL_TASKS_TABLE),
    notifier: new SnsManagerNotifier(tracer.captureAWSv3Client(createSnsClient()), env.MANAGER_TOPIC_ARN),
  };
  return (targetArn) => ({
    ...deps,
    calls: new SchedulerCallScheduler(scheduler, {
      groupName: env.CALL_SCHEDULE_GROUP,
      targetArn,
      roleArn: env.CALL_TARGET_ROLE_ARN,
      deadLetterQueueArn: env.CALL_DLQ_ARN,
    }),
  });
}

/** Ends journeys on responses: present only where the function was given the journeys' resources. */
export function responseContext(): ResponseDeps | undefined {
  const env = parseEnvironment(
    z.object(responseEnvironment).partial().extend({ CUSTOMERS_TABLE: z.string() }),
  );
  if (!env.JOURNEYS_TABLE || !env.JOURNEY_STATE_MACHINE_ARN || !env.CALL_SCHEDULE_GROUP) return undefined;
  const db = dynamo();
  return {
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    runs: new SfnWorkflowRuns(sfn(), env.JOURNEY_STATE_MACHINE_ARN),
    calls: callScheduler({ CALL_SCHEDULE_GROUP: env.CALL_SCHEDULE_GROUP }),
    clock,
  };
}

/** The send a public link names. */
export function sendLookupContext(): Pick<LinkDeps, 'sends'> {
  return { sends: new DynamoSendLedger(dynamo(), parseEnvironment(linkEnvironmentSchema).SENDS_TABLE) };
}

/** A public link that acts: the send it names and the journeys to end. */
export function linkContext(): LinkDeps {
  const responses = responseContext();
  if (!responses) throw new Error('this function was not given the journeys it must end');
  return { ...responses, ...sendLookupContext() };
}

/** The tracked link: also the campaign, for its landing page. */
export function clickContext(): ClickDeps {
  const env = parseEnvironment(clickEnvironmentSchema);
  return { ...linkContext(), campaigns: new DynamoCampaignStore(dynamo(), env.CAMPAIGNS_TABLE) };
}

/** SES feedback: marks sends, counts per campaign, suppresses, and ends journeys on complaints. */
export function feedbackContext(): FeedbackDeps {
  const env = parseEnvironment(feedbackEnvironmentSchema);
  const responses = responseContext();
  if (!responses) throw new Error('this function was not given the journeys it must end');
  const db = dynamo();
  return {
    ...responses,
    sends: new DynamoSendLedger(db, env.SENDS_TABLE),
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    limits: env.FEEDBACK_LIMITS,
  };
}

/** The campaign preview: the launch's reads, nothing written. */
export function previewContext(): PreviewDeps {
  const env = parseEnvironment(previewEnvironmentSchema);
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    settings: env.JOURNEY_SETTINGS,
    segments: env.CAMPAIGN_RUN_SETTINGS.segments,
    modelFit: env.CAMPAIGN_RUN_SETTINGS.modelFit,
    clock,
  };
}

/** The campaign report: campaign, journeys, purchases and call outcomes. */
export function reportContext() {
  const env = parseEnvironment(reportEnvironmentSchema);
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    tasks: new DynamoCallTaskStore(db, env.CALL_TASKS_TABLE),
    settings: env.REPORT_SETTINGS,
    clock,
  } satisfies ReportDeps;
}

/** The campaign run's report step: the report's reads, the campaign to keep it on, a work budget. */
export function buildReportContext() {
  const env = parseEnvironment(buildReportEnvironmentSchema);
  return { ...reportContext(), workBudgetMs: env.CAMPAIGN_RUN_SETTINGS.workBudgetMs };
}

/** The managers' queue of call tasks. */
export function callTaskQueueContext(): CallTaskQueueDeps {
  const env = parseEnvironment(z.object({ CALL_TASKS_TABLE: z.string().min(3) }));
  return { tasks: new DynamoCallTaskStore(dynamo(), env.CALL_TASKS_TABLE), clock };
}

/** The campaign API's reads and drafts. */
export function campaignContext(): Pick<CampaignDeps, 'campaigns' | 'clock'> {
  const env = parseEnvironment(z.object({ CAMPAIGNS_TABLE: z.string().min(3) }));
  return { campaigns: new DynamoCampaignStore(dynamo(), env.CAMPAIGNS_TABLE), clock };
}

/** The campaign API's actions: also the campaign runs (launch, cancel) they start. */
export function campaignActionContext(): CampaignDeps {
  const env = parseEnvironment(campaignApiEnvironmentSchema);
  return {
    campaigns: new DynamoCampaignStore(dynamo(), env.CAMPAIGNS_TABLE),
    runs: new SfnWorkflowRuns(sfn(), env.CAMPAIGN_STATE_MACHINE_ARN),
    clock,
  };
}

/** A campaign run's bookkeeping: prepare the launch, record it, check for completion. */
export function campaignProgressContext() {
  const env = parseEnvironment(campaignProgressEnvironmentSchema);
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
}

/** A launch's first step: the campaign, and the scores and models of its own model's fit. */
export function prepareLaunchContext(): PrepareDeps {
  const env = parseEnvironment(prepareLaunchEnvironmentSchema);
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
}

/** A launch segment: reads scores, records the holdout, starts journeys. */
export function launchContext(): LaunchDeps {
  const env = parseEnvironment(launchEnvironmentSchema);
  const db = dynamo();
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    runs: new SfnWorkflowRuns(sfn(), env.JOURNEY_STATE_MACHINE_ARN),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
}

/** A cancel run: ends journeys the way a response does. */
export function cancelContext(): ResponseDeps & { settings: CampaignRunSettings } {
  const env = parseEnvironment(campaignProgressEnvironmentSchema);
  const responses = responseContext();
  if (!responses)
    throw new Error(
      'a cancel run needs the journeys it ends (JOURNEY_STATE_MACHINE_ARN, CALL_SCHEDULE_GROUP)',
    );
  return { ...responses, settings: env.CAMPAIGN_RUN_SETTINGS };
}
