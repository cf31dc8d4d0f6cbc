/**
 * The readiness report of a stage: every check over the facts read from the account, and the
 * verdict — `fail` if anything will stop a campaign, `warn` if something will slow it or hurt
 * deliverability, `ok` otherwise. Pure: the facts arrive as plain data, so every rule is tested
 * without AWS.
 */
import { type EmailFacts, emailChecks } from './email-readiness.js';
import { type CheckStatus, overallStatus, type ReadinessCheck } from './readiness-check.js';
import { type SmsFacts, smsChecks } from './sms-readiness.js';
import { type StageFacts, stageChecks } from './stage-readiness.js';

export interface ReadinessFacts {
  email: EmailFacts;
  sms: SmsFacts;
  stage: StageFacts;
  /** Customers a campaign would reach, to weigh quotas and limits against; none: no campaign in view. */
  volume?: number;
}

export interface ReadinessReport {
  stage: string;
  region: string;
  volume?: number;
  /** The worst check: `fail` means a campaign would not run as it should. */
  status: CheckStatus;
  checks: ReadinessCheck[];
}

export function assessReadiness(facts: ReadinessFacts): ReadinessReport {
  const checks = [
    ...emailChecks(facts.email, facts.volume),
    ...smsChecks(facts.sms, facts.volume),
    ...stageChecks(facts.stage),
  ];
  return {
    stage: facts.stage.stage,
    region: facts.stage.region,
    ...(facts.volume !== undefined ? { volume: facts.volume } : {}),
    status: overallStatus(checks),
    checks,
  };
}
