/**
 * Typed function environments: each handler declares the variables it needs as a zod schema,
 * checked once at cold start (a missing or malformed variable fails loudly, naming it), and the
 * CDK construct that sets them is typed from the same schema.
 */
import { z } from 'zod';
import { timeZoneSchema } from '../domain/customer.js';
import { contactWindowSchema } from '../domain/journey/send-window.js';
import { TRANSACTION_MODELS } from '../domain/scoring/models.js';
import { reasonsFrom } from '../domain/validation.js';
import { type IngestSettings, ingestSettings } from '../use-cases/ingest-settings.js';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success)
    throw new EnvironmentError(`invalid function environment: ${reasonsFrom(result.error).join('; ')}`);
  return result.data;
}

const tableName = z.string().min(3);

export const tablesEnvironment = {
  CUSTOMERS_TABLE: tableName,
  ORDERS_TABLE: tableName,
};

export const ingestEnvironment = {
  DEFAULT_TIME_ZONE: timeZoneSchema,
  BASE_CURRENCY: z.string().regex(/^[A-Z]{3}$/),
  /** JSON object of units of base currency per unit of another currency. */
  EXCHANGE_RATES: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"EUR":1.08}' });
        return z.NEVER;
      }
    }),
};

/** Reads and erases customers. */
export const customersEnvironmentSchema = z.object({ CUSTOMERS_TABLE: tablesEnvironment.CUSTOMERS_TABLE });
/** Reads a customer with the latest scores. */
export const customerViewEnvironmentSchema = z.object({
  CUSTOMERS_TABLE: tableName,
  SCORES_TABLE: tableName,
});
/** Writes customer profiles. */
export const profilesEnvironmentSchema = z.object({
  CUSTOMERS_TABLE: tablesEnvironment.CUSTOMERS_TABLE,
  DEFAULT_TIME_ZONE: ingestEnvironment.DEFAULT_TIME_ZONE,
});
/** Records orders into the ledger. */
export const ingestEnvironmentSchema = z.object({ ...tablesEnvironment, ...ingestEnvironment });
export type IngestEnvironment = z.output<typeof ingestEnvironmentSchema>;

export function ingestSettingsFrom(
  env: Pick<IngestEnvironment, 'DEFAULT_TIME_ZONE' | 'BASE_CURRENCY' | 'EXCHANGE_RATES'>,
): IngestSettings {
  return ingestSettings({
    timeZone: env.DEFAULT_TIME_ZONE,
    currency: env.BASE_CURRENCY,
    exchangeRates: env.EXCHANGE_RATES,
  });
}

/** Fits the scoring model: reads customers, writes models; decides the run's settings. */
export const fitScoringEnvironmentSchema = z.object({
  CUSTOMERS_TABLE: tableName,
  MODELS_TABLE: tableName,
  SCORING_MODEL: z.enum(TRANSACTION_MODELS),
  CHURN_THRESHOLD: z.coerce.number().gt(0).lt(1),
  TIME_UNIT_DAYS: z.coerce.number().int().min(1),
  PENALIZER: z.coerce.number().min(0),
  SCAN_SEGMENTS: z.coerce.number().int().min(1),
});
/** Scores one segment: reads customers and the model, writes scores. */
export const scoreSegmentEnvironmentSchema = z.object({
  CUSTOMERS_TABLE: tableName,
  SCORES_TABLE: tableName,
  MODELS_TABLE: tableName,
});
/** Names the current model. */
export const publishModelEnvironmentSchema = z.object({ MODELS_TABLE: tableName });

const json = <S extends z.ZodType>(schema: S) =>
  z.string().transform((text, ctx) => {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data as z.output<S>;
      ctx.addIssue({ code: 'custom', message: reasonsFrom(parsed.error).join('; ') });
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    }
    return z.NEVER;
  });

/** The journey rules a deployment applies (from the stage configuration's `journeys` section). */
export const journeySettingsSchema = z.object({
  windows: z.object({ email: contactWindowSchema, sms: contactWindowSchema, call: contactWindowSchema }),
  manager: z.object({ window: contactWindowSchema, timeZone: timeZoneSchema }),
  frequencyCap: z.object({ messages: z.number().int().min(1), days: z.number().int().min(1) }),
  pausedRecheckHours: z.number().positive(),
  defaultTimeZone: timeZoneSchema,
  publicUrl: z.string().url(),
  postalAddress: z.string().min(1),
});

const journeyTables = {
  CAMPAIGNS_TABLE: tableName,
  JOURNEYS_TABLE: tableName,
  CUSTOMERS_TABLE: tableName,
  SCORES_TABLE: tableName,
  SENDS_TABLE: tableName,
};

/** The journey's steps: every journey table, the rules. */
export const journeyStepEnvironmentSchema = z.object({
  ...journeyTables,
  JOURNEY_SETTINGS: json(journeySettingsSchema),
});
export const sendEmailEnvironmentSchema = journeyStepEnvironmentSchema.extend({
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});
export const sendSmsEnvironmentSchema = journeyStepEnvironmentSchema.extend({
  SMS_TYPE: z.enum(['Transactional', 'Promotional']),
  SMS_ORIGINATION_NUMBER: z.string().optional(),
});
export const scheduleCallEnvironmentSchema = journeyStepEnvironmentSchema.extend({
  CALL_SCHEDULE_GROUP: z.string().min(1),
  CALL_TARGET_ARN: z.string().min(1),
  CALL_TARGET_ROLE_ARN: z.string().min(1),
  CALL_DLQ_ARN: z.string().min(1),
});
/** The journey's failure path: its record, the customer's journeys, a pending call schedule. */
export const journeyFailureEnvironmentSchema = z.object({
  JOURNEYS_TABLE: tableName,
  CUSTOMERS_TABLE: tableName,
  CALL_SCHEDULE_GROUP: z.string().min(1),
});
/**
 * The scheduled target that creates a manager's call task, or defers the call of a paused
 * campaign with a schedule of its own (its target ARN comes from the invocation's context).
 */
export const callTaskEnvironmentSchema = z.object({
  ...journeyTables,
  CALL_TASKS_TABLE: tableName,
  MANAGER_TOPIC_ARN: z.string().min(1),
  JOURNEY_SETTINGS: json(journeySettingsSchema),
  CALL_SCHEDULE_GROUP: z.string().min(1),
  CALL_TARGET_ROLE_ARN: z.string().min(1),
  CALL_DLQ_ARN: z.string().min(1),
});
export const campaignRunSettingsSchema = z.object({
  segments: z.number().int().min(1).max(1000),
  callsPerSecond: z.number().positive(),
  checkHours: z.number().positive(),
  workBudgetMs: z.number().int().positive(),
  modelFit: z.object({ unitDays: z.number().int().min(1), penalizer: z.number().min(0) }),
});

/** Campaign runs' bookkeeping steps: the campaign and its journeys. */
export const campaignProgressEnvironmentSchema = z.object({
  CAMPAIGNS_TABLE: tableName,
  JOURNEYS_TABLE: tableName,
  CAMPAIGN_RUN_SETTINGS: json(campaignRunSettingsSchema),
});
/** The launch's first step: the campaign, and the scores its own model is fitted on. */
export const prepareLaunchEnvironmentSchema = z.object({
  CAMPAIGNS_TABLE: tableName,
  SCORES_TABLE: tableName,
  MODELS_TABLE: tableName,
  CAMPAIGN_RUN_SETTINGS: json(campaignRunSettingsSchema),
});
/** The launch of a segment: selects from the scores, starts journeys. */
export const launchEnvironmentSchema = campaignProgressEnvironmentSchema.extend({
  SCORES_TABLE: tableName,
  MODELS_TABLE: tableName,
  CUSTOMERS_TABLE: tableName,
  JOURNEY_STATE_MACHINE_ARN: z.string().min(1),
});
/** The campaign API: campaigns, and the campaign runs it starts. */
export const campaignApiEnvironmentSchema = z.object({
  CAMPAIGNS_TABLE: tableName,
  CAMPAIGN_STATE_MACHINE_ARN: z.string().min(1),
});

/** Whatever records a response (orders, events): ends journeys and deletes call schedules. */
/** The campaign preview: the launch's reads, and the journey rules a plan follows. */
export const previewEnvironmentSchema = z.object({
  CAMPAIGNS_TABLE: tableName,
  SCORES_TABLE: tableName,
  MODELS_TABLE: tableName,
  CUSTOMERS_TABLE: tableName,
  JOURNEY_SETTINGS: json(journeySettingsSchema),
  CAMPAIGN_RUN_SETTINGS: json(campaignRunSettingsSchema),
});

/** The campaign report: what it reads, and the prices it estimates cost with. */
export const reportSettingsSchema = z.object({
  prices: z.object({ email: z.number().min(0), sms: z.number().min(0), perJourney: z.number().min(0) }),
  liveJourneys: z.number().int().min(0),
});
export const reportEnvironmentSchema = z.object({
  CAMPAIGNS_TABLE: tableName,
  JOURNEYS_TABLE: tableName,
  CUSTOMERS_TABLE: tableName,
  CALL_TASKS_TABLE: tableName,
  REPORT_SETTINGS: json(reportSettingsSchema),
});
/** The campaign run's report step: the report's reads, its work budget per invocation. */
export const buildReportEnvironmentSchema = reportEnvironmentSchema.extend({
  CAMPAIGN_RUN_SETTINGS: json(campaignRunSettingsSchema),
});

/** SES feedback: the ledger, the campaigns and their pause limits (and journeys to end). */
export const feedbackEnvironmentSchema = z.object({
  SENDS_TABLE: tableName,
  CAMPAIGNS_TABLE: tableName,
  FEEDBACK_LIMITS: json(
    z.object({
      bounceRate: z.number().gt(0).max(1),
      complaintRate: z.number().gt(0).max(1),
      minSent: z.number().int().min(1),
    }),
  ),
});

/** The public links of messages read the send ledger (a click also the campaign's landing page). */
export const linkEnvironmentSchema = z.object({ SENDS_TABLE: tableName });
export const clickEnvironmentSchema = linkEnvironmentSchema.extend({ CAMPAIGNS_TABLE: tableName });

export const responseEnvironment = {
  JOURNEYS_TABLE: tableName,
  JOURNEY_STATE_MACHINE_ARN: z.string().min(1),
  CALL_SCHEDULE_GROUP: z.string().min(1),
};
