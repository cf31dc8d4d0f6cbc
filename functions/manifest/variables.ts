/**
 * Every environment variable a function may read besides its tables' names, each with the schema
 * that checks it at cold start. Two kinds: settings, which come from the stage's configuration
 * (the same for every function that reads them), and resources, the names and ARNs of what the
 * deployment creates. A function's manifest entry names the ones it reads (functions.ts).
 */
import * as z from 'zod';
import { exclusivitySchema } from '../domain/journey/exclusivity.js';
import { contactWindowSchema } from '../domain/journey/send-window.js';
import { TRANSACTION_MODELS } from '../domain/scoring/model-names.js';
import { timeZoneSchema } from '../domain/time-zone.js';
import { reasonsFrom } from '../domain/validation.js';

/** A variable holding JSON that must match `schema`. */
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

const currencyCode = z.string().regex(/^[A-Z]{3}$/);

/** The journey rules a deployment applies (from the stage configuration's `journeys` section). */
export const journeySettingsSchema = z.object({
  windows: z.object({ email: contactWindowSchema, sms: contactWindowSchema, call: contactWindowSchema }),
  manager: z.object({
    window: contactWindowSchema,
    timeZone: timeZoneSchema,
    callsPerHour: z.number().positive(),
  }),
  /** Send rates shared by every campaign: emails per second, SMS parts per second per origination. */
  pacing: z.object({ emailPerSecond: z.number().positive(), smsPartsPerSecond: z.number().positive() }),
  /** The SMS origination identity whose rate the SMS slots count against ('default' without one). */
  smsOrigination: z.string().min(1),
  frequencyCap: z.object({ messages: z.number().int().min(1), days: z.number().int().min(1) }),
  exclusivity: exclusivitySchema,
  pausedRecheckHours: z.number().positive(),
  defaultTimeZone: timeZoneSchema,
  publicUrl: z.string().url(),
  postalAddress: z.string().min(1),
});

/** How campaign runs split and pace their work. */
export const campaignRunSettingsSchema = z.object({
  segments: z.number().int().min(1).max(1000),
  callsPerSecond: z.number().positive(),
  checkHours: z.number().positive(),
  workBudgetMs: z.number().int().positive(),
  /** The launch passes over customers another campaign holds (the journey's start decides at last). */
  exclusivity: exclusivitySchema,
  modelFit: z.object({ unitDays: z.number().int().min(1), penalizer: z.number().min(0) }),
});

/** The prices the campaign report estimates cost with. */
export const reportSettingsSchema = z.object({
  prices: z.object({
    email: z.number().min(0),
    sms: z.number().min(0),
    perJourney: z.number().min(0),
    call: z.number().min(0),
  }),
  liveJourneys: z.number().int().min(0),
});

/** The bounce and complaint rates at which SES feedback pauses a campaign. */
export const feedbackLimitsSchema = z.object({
  bounceRate: z.number().gt(0).max(1),
  complaintRate: z.number().gt(0).max(1),
  minSent: z.number().int().min(1),
});

/** Variables from the stage's configuration. */
export const SETTING_VARIABLES = {
  DEFAULT_TIME_ZONE: timeZoneSchema,
  BASE_CURRENCY: currencyCode,
  /** JSON object of units of base currency per unit of another currency. */
  EXCHANGE_RATES: z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return z.record(currencyCode, z.number().positive()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"EUR":1.08}' });
        return z.NEVER;
      }
    }),
  SCORING_MODEL: z.enum(TRANSACTION_MODELS),
  CHURN_THRESHOLD: z.coerce.number().gt(0).lt(1),
  TIME_UNIT_DAYS: z.coerce.number().int().min(1),
  PENALIZER: z.coerce.number().min(0),
  SCAN_SEGMENTS: z.coerce.number().int().min(1),
  JOURNEY_SETTINGS: json(journeySettingsSchema),
  CAMPAIGN_RUN_SETTINGS: json(campaignRunSettingsSchema),
  REPORT_SETTINGS: json(reportSettingsSchema),
  FEEDBACK_LIMITS: json(feedbackLimitsSchema),
  EMAIL_FROM: z.string().min(3),
  SMS_TYPE: z.enum(['Transactional', 'Promotional']),
  SMS_ORIGINATION_NUMBER: z.string().min(1).optional(),
};
export type SettingVariable = keyof typeof SETTING_VARIABLES;

const arn = z.string().regex(/^arn:[\w-]+:/, 'must be an ARN');

/** Variables naming what the deployment creates. */
export const RESOURCE_VARIABLES = {
  JOURNEY_STATE_MACHINE_ARN: arn,
  CAMPAIGN_STATE_MACHINE_ARN: arn,
  CALL_SCHEDULE_GROUP: z.string().min(1),
  /** The call-task function, which the call step's schedules invoke. */
  CALL_TARGET_ARN: arn,
  /** The role EventBridge Scheduler assumes to invoke it. */
  CALL_TARGET_ROLE_ARN: arn,
  CALL_DLQ_ARN: arn,
  MANAGER_TOPIC_ARN: arn,
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
};
export type ResourceVariable = keyof typeof RESOURCE_VARIABLES;

/**
 * Variables naming the identity provider the API trusts: only the API's Cognito group authoriser
 * reads them, and only AWS has one (the local API checks bearer tokens itself), so they are not
 * resources every deployment, local or not, must name.
 */
export const IDENTITY_VARIABLES = {
  /** The user pool whose ID tokens the authoriser accepts, e.g. eu-west-1_AbCdEf123. */
  USER_POOL_ID: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9a-zA-Z]+$/, 'must be a user pool id such as eu-west-1_AbCdEf123'),
};
export type IdentityVariable = keyof typeof IDENTITY_VARIABLES;
