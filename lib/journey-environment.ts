/**
 * The names and function environment of the journey and campaign resources, shared by the CDK constructs and
 * the local runtime so both give the handlers the same settings. Names are fixed per stage, so
 * functions of other stacks (the API's, which end journeys on responses) can be granted the
 * journey state machine and schedule group without a cross-stack reference.
 */
import type { z } from 'zod';
import type {
  campaignRunSettingsSchema,
  journeySettingsSchema,
  reportSettingsSchema,
} from '../functions/shared/environment.js';
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
    frequencyCap: j.frequencyCap,
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
    modelFit: { unitDays: config.scoring.timeUnitDays, penalizer: config.scoring.penalizer },
  };
}

/** `REPORT_SETTINGS` of the report's functions (the API's and the campaign run's). */
export function reportSettings(config: StageConfig): z.input<typeof reportSettingsSchema> {
  const r = config.reports;
  return {
    prices: { email: r.emailPrice, sms: r.smsPrice, perJourney: r.awsPerJourney },
    liveJourneys: r.liveJourneys,
  };
}
