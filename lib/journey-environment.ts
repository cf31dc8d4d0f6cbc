/**
 * The names of the stage's journey and campaign resources and the settings its functions read,
 * shared by the CDK constructs and the local runtime so both give the handlers the same values. Names are fixed per stage, so
 * functions of other stacks (the API's, which end journeys on responses) can be granted the
 * journey state machine and schedule group without a cross-stack reference.
 */
import type * as z from 'zod';
import type { SettingValues } from '../functions/manifest/environment.js';
import type {
  campaignRunSettingsSchema,
  journeySettingsSchema,
  reportSettingsSchema,
} from '../functions/manifest/variables.js';
import type { StageConfig } from './config.js';

export const journeyResourceNames = (stage: string) => ({
  stateMachine: `reactivate-${stage}-journey`,
  campaignStateMachine: `reactivate-${stage}-campaign`,
  scheduleGroup: `reactivate-${stage}-calls`,
  configurationSet: `reactivate-${stage}`,
});

/** `JOURNEY_SETTINGS` of every journey function: the stage's rules plus the public link base. */
export function journeySettings(
  config: StageConfig,
  publicUrl: string,
): z.input<typeof journeySettingsSchema> {
  const j = config.journeys;
  return {
    windows: j.windows,
    manager: j.manager,
    pacing: j.pacing,
    smsOrigination: j.sms.originationNumber ?? 'default',
    frequencyCap: j.frequencyCap,
    exclusivity: j.exclusivity,
    pausedRecheckHours: j.pausedRecheckHours,
    defaultTimeZone: config.defaults.timeZone,
    publicUrl: j.publicUrl ?? publicUrl,
    postalAddress: j.postalAddress,
  };
}

/** A launch invocation hands its cursor on after this long; the function's timeout is 15 minutes. */
export const LAUNCH_WORK_BUDGET_MS = 10 * 60_000;

/** `CAMPAIGN_RUN_SETTINGS` of the campaign run's functions. */
export function campaignRunSettings(config: StageConfig): z.input<typeof campaignRunSettingsSchema> {
  const c = config.campaigns;
  return {
    segments: c.segments,
    callsPerSecond: c.callsPerSecond,
    checkHours: c.completionCheckHours,
    workBudgetMs: LAUNCH_WORK_BUDGET_MS,
    exclusivity: config.journeys.exclusivity,
    modelFit: { unitDays: config.scoring.timeUnitDays, penalizer: config.scoring.penalizer },
  };
}

/** `REPORT_SETTINGS` of the report's functions (the API's and the campaign run's). */
export function reportSettings(config: StageConfig): z.input<typeof reportSettingsSchema> {
  const r = config.reports;
  return {
    prices: { email: r.emailPrice, sms: r.smsPrice, perJourney: r.awsPerJourney, call: r.callPrice },
    liveJourneys: r.liveJourneys,
  };
}

/**
 * Every setting variable a function may read, from the stage's configuration: each function gets
 * the ones its manifest entry names. A new setting variable is a type error here until it has a value.
 */
export function stageSettings(config: StageConfig, publicUrl: string): SettingValues {
  const { defaults, scoring, journeys } = config;
  return {
    DEFAULT_TIME_ZONE: defaults.timeZone,
    BASE_CURRENCY: defaults.currency,
    EXCHANGE_RATES: JSON.stringify(defaults.exchangeRates),
    SCORING_MODEL: scoring.model,
    CHURN_THRESHOLD: String(scoring.churnThreshold),
    TIME_UNIT_DAYS: String(scoring.timeUnitDays),
    PENALIZER: String(scoring.penalizer),
    SCAN_SEGMENTS: String(scoring.segments),
    JOURNEY_SETTINGS: JSON.stringify(journeySettings(config, publicUrl)),
    CAMPAIGN_RUN_SETTINGS: JSON.stringify(campaignRunSettings(config)),
    REPORT_SETTINGS: JSON.stringify(reportSettings(config)),
    FEEDBACK_LIMITS: JSON.stringify(journeys.pauseAt),
    EMAIL_FROM: journeys.emailFrom,
    SMS_TYPE: journeys.sms.type,
    SMS_ORIGINATION_NUMBER: journeys.sms.originationNumber,
  };
}
