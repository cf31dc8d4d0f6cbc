/**
 * What a function may do beyond its tables, by intent. Each grant brings the variables that name
 * its resources; the CDK constructs turn each into the narrowest IAM statements (lib/constructs/
 * function-grants.ts), and an infrastructure test checks every function's policy against them.
 */
import type { ResourceVariable } from './variables.js';

export const GRANTS = {
  /** Start journey executions (a launch). */
  startJourneys: ['JOURNEY_STATE_MACHINE_ARN'],
  /** Stop journey executions and delete their pending call schedules (a response, a cancel). */
  endJourneys: ['JOURNEY_STATE_MACHINE_ARN', 'CALL_SCHEDULE_GROUP'],
  /** Read whether a journey's execution still runs (the reconciler ends records whose run is gone). */
  watchJourneys: ['JOURNEY_STATE_MACHINE_ARN'],
  /** Start campaign runs (launch, cancel). */
  runCampaigns: ['CAMPAIGN_STATE_MACHINE_ARN'],
  /** Read the SES account's maximum send rate (GetAccount): emails are paced within it. */
  readSendQuota: [],
  /** Send email through SES v2, from the configured identity, in the stage's configuration set. */
  sendEmail: ['SES_CONFIGURATION_SET'],
  /** Publish SMS straight to phone numbers (never to a topic). */
  sendSms: [],
  /** Create one-time call schedules, passing the role Scheduler invokes the call-task function with. */
  placeCallSchedules: ['CALL_SCHEDULE_GROUP', 'CALL_TARGET_ROLE_ARN', 'CALL_DLQ_ARN'],
  /** Delete a call schedule that should no longer fire. */
  deleteCallSchedules: ['CALL_SCHEDULE_GROUP'],
  /** Tell the managers about a new call task. */
  notifyManagers: ['MANAGER_TOPIC_ARN'],
} as const satisfies Record<string, readonly ResourceVariable[]>;
export type Grant = keyof typeof GRANTS;
