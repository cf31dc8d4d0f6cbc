/**
 * What `reactivate doctor` reports: one check per thing that can stop a campaign (an SES identity,
 * the sandbox, a quota, a table, a state machine…), each `ok`, `warn` or `fail` with one line that
 * says what was found and, unless ok, what to do. A `fail` will stop or break a campaign; a `warn`
 * will slow it down or cost deliverability, but it runs.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckArea = 'email' | 'sms' | 'stacks' | 'tables' | 'workflows' | 'scheduler';

export interface ReadinessCheck {
  /** Stable id for machines: `email.production-access`, `table.customers`, … */
  id: string;
  area: CheckArea;
  /** What was checked, for people: `SES production access`, `table customers`. */
  title: string;
  status: CheckStatus;
  /** One line: what was found and, unless ok, what to do about it. */
  message: string;
}

/**
 * The outcome of one read-only AWS call: its value, or why it could not be read (an access
 * denied, a throttle). A check whose fact could not be read fails: doctor cannot vouch for it.
 */
export type Probe<T> = { value: T } | { error: string };

export const isRead = <T>(probe: Probe<T>): probe is { value: T } => 'value' in probe;

const SEVERITY: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

/** The worst status among the checks (`ok` when there are none). */
export function overallStatus(checks: readonly ReadinessCheck[]): CheckStatus {
  return checks.reduce<CheckStatus>(
    (worst, c) => (SEVERITY[c.status] > SEVERITY[worst] ? c.status : worst),
    'ok',
  );
}

/** The check that says a fact could not be read, naming the call (and so the IAM action) that failed. */
export const unreadable = (
  check: Omit<ReadinessCheck, 'status' | 'message'>,
  probe: { error: string },
): ReadinessCheck => ({ ...check, status: 'fail', message: `could not check it: ${probe.error}` });

/** Where the fixes are explained, linked from the messages. */
export const GUIDES = {
  sesProductionAccess: 'https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html',
  sesVerifyDomain:
    'https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html#verify-domain-procedure',
  sesDkim: 'https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html',
  sesQuotaIncrease: 'https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-request-increase.html',
  sesReputation: 'https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html',
  smsSandbox: 'https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox-moving-to-production.html',
  smsOriginationNumbers:
    'https://docs.aws.amazon.com/sns/latest/dg/channels-sms-originating-identities-origination-numbers.html',
  smsSpendLimit: 'https://docs.aws.amazon.com/sns/latest/dg/channels-sms-awssupport-spend-threshold.html',
} as const;

/** `21,215`: numbers as people read them in messages. */
export const count = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
