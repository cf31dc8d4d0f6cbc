/**
 * The account and stage the readiness check reads, for use-case tests: one typed fake per port
 * of functions/ports/readiness.ts, each described by plain facts — a production or sandboxed SES
 * account and its identities, SNS's numbers, spend limit and sandbox, the schedule groups,
 * tables and state machines that exist, and what the stage's stacks hold. The same contract as
 * the SES, SNS, Scheduler, DynamoDB, Step Functions and CloudFormation adapters: what does not
 * exist is null, and a call told to `refuse` throws its error (an access denial, a throttle).
 * Each fake keeps the names it was asked about.
 *
 * Defaults describe a production account that holds nothing yet: SES out of the sandbox with no
 * identity, SNS out of the sandbox with no number and no spend limit, no group, table or machine,
 * and a stage with no stacks.
 */
import type { SesAccountFacts, SesIdentityFacts } from '../../functions/domain/readiness/email-readiness.js';
import type { OriginationNumberFacts } from '../../functions/domain/readiness/sms-readiness.js';
import type {
  StageResources,
  StateMachineFacts,
  TableFacts,
} from '../../functions/domain/readiness/stage-readiness.js';
import type {
  EmailAccount,
  ReadinessPorts,
  ScheduleGroups,
  SmsAccount,
  StageResourceLocator,
  StateMachines,
  TableStatuses,
} from '../../functions/ports/readiness.js';

const copy = <T>(value: T): T => structuredClone(value);

/** SES's GetAccount of an account with production access. */
export const SES_PRODUCTION: SesAccountFacts = {
  productionAccess: true,
  sendingEnabled: true,
  enforcementStatus: 'HEALTHY',
  max24HourSend: 50_000,
  maxSendRate: 14,
  sentLast24Hours: 0,
};

/** SES's GetAccount of an account in the sandbox: 200 emails a day, 1 a second, verified recipients only. */
export const SES_SANDBOX: SesAccountFacts = {
  productionAccess: false,
  sendingEnabled: true,
  enforcementStatus: 'HEALTHY',
  max24HourSend: 200,
  maxSendRate: 1,
  sentLast24Hours: 0,
};

/** GetEmailIdentity of an identity verified for sending, with Easy DKIM signing. */
export const VERIFIED_IDENTITY: SesIdentityFacts = {
  verificationStatus: 'SUCCESS',
  verifiedForSending: true,
  dkim: { signingEnabled: true, status: 'SUCCESS' },
};

/** GetEmailIdentity of an identity whose DNS records SES has not seen yet. */
export const PENDING_IDENTITY: SesIdentityFacts = {
  verificationStatus: 'PENDING',
  verifiedForSending: false,
  dkim: { signingEnabled: true, status: 'PENDING' },
};

/** An origination number that is the account's, active and able to send SMS. */
export const activeNumber = (phoneNumber: string): OriginationNumberFacts => ({
  phoneNumber,
  status: 'ACTIVE',
  capabilities: ['SMS'],
});

/** The calls of a port that can be told to fail. */
class Refusals<Call extends string> {
  private readonly errors = new Map<Call, unknown>();

  /** Every later `call` throws `error`, e.g. an AuthorizationErrorException for a missing permission. */
  refuse(call: Call, error: unknown): this {
    this.errors.set(call, error);
    return this;
  }

  protected async answer<T>(call: Call, value: () => T): Promise<T> {
    if (this.errors.has(call)) throw this.errors.get(call);
    return copy(value());
  }
}

export interface FakeEmailAccountOptions {
  /** In the SES sandbox (SES_SANDBOX) instead of out of it (SES_PRODUCTION); `account` overrides either. */
  sandbox?: boolean;
  account?: Partial<SesAccountFacts>;
  /** Domains and addresses verified for sending (VERIFIED_IDENTITY). */
  verified?: string[];
  /** Any other identity, as GetEmailIdentity describes it. */
  identities?: Record<string, SesIdentityFacts>;
}

/** SES v2 of one account and region. */
export class FakeEmailAccount extends Refusals<'account' | 'identity'> implements EmailAccount {
  facts: SesAccountFacts;
  readonly identities: Map<string, SesIdentityFacts>;
  /** The identities asked about, in order. */
  readonly asked: string[] = [];

  constructor(options: FakeEmailAccountOptions = {}) {
    super();
    this.facts = { ...(options.sandbox ? SES_SANDBOX : SES_PRODUCTION), ...options.account };
    this.identities = new Map([
      ...(options.verified ?? []).map((name) => [name, VERIFIED_IDENTITY] as const),
      ...Object.entries(options.identities ?? {}),
    ]);
  }

  account() {
    return this.answer('account', () => this.facts);
  }

  identity(name: string) {
    this.asked.push(name);
    return this.answer('identity', () => this.identities.get(name) ?? null);
  }
}

export interface FakeSmsAccountOptions {
  numbers?: OriginationNumberFacts[];
  /** USD a month; null (the default): never set. */
  monthlySpendLimit?: number | null;
  /** In the SMS sandbox (texts reach verified numbers only); out of it by default. */
  sandbox?: boolean;
}

/** SNS's SMS settings of one account and region. */
export class FakeSmsAccount
  extends Refusals<'originationNumbers' | 'monthlySpendLimit' | 'inSandbox'>
  implements SmsAccount
{
  numbers: OriginationNumberFacts[];
  spendLimit: number | null;
  sandbox: boolean;

  constructor(options: FakeSmsAccountOptions = {}) {
    super();
    this.numbers = options.numbers ?? [];
    this.spendLimit = options.monthlySpendLimit ?? null;
    this.sandbox = options.sandbox ?? false;
  }

  originationNumbers() {
    return this.answer('originationNumbers', () => this.numbers);
  }

  monthlySpendLimit() {
    return this.answer('monthlySpendLimit', () => this.spendLimit);
  }

  inSandbox() {
    return this.answer('inSandbox', () => this.sandbox);
  }
}

/** EventBridge Scheduler: the schedule groups there are, by name, with their state. */
export class FakeScheduleGroups extends Refusals<'state'> implements ScheduleGroups {
  readonly groups: Map<string, string>;
  readonly asked: string[] = [];

  constructor(groups: Record<string, string> = {}) {
    super();
    this.groups = new Map(Object.entries(groups));
  }

  state(name: string) {
    this.asked.push(name);
    return this.answer('state', () => this.groups.get(name) ?? null);
  }
}

/** ACTIVE, with point-in-time recovery on: a table as the stack creates it. */
export const READY_TABLE: TableFacts = { status: 'ACTIVE', pointInTimeRecovery: true };

/** DynamoDB: the tables there are, by physical name. */
export class FakeTableStatuses extends Refusals<'describe'> implements TableStatuses {
  readonly tables: Map<string, TableFacts>;
  /** The tables described, in order. */
  readonly asked: string[] = [];

  /** @param tables the tables there are: a list of names (each READY_TABLE), or each name's facts. */
  constructor(tables: string[] | Record<string, TableFacts> = []) {
    super();
    this.tables = new Map(
      Array.isArray(tables) ? tables.map((name) => [name, READY_TABLE] as const) : Object.entries(tables),
    );
  }

  describe(tableName: string) {
    this.asked.push(tableName);
    return this.answer('describe', () => this.tables.get(tableName) ?? null);
  }
}

/** Step Functions: the state machines there are, by ARN, each named as its ARN's last part. */
export class FakeStateMachines extends Refusals<'describe'> implements StateMachines {
  readonly machines: Map<string, StateMachineFacts>;
  /** The ARNs described, in order. */
  readonly asked: string[] = [];

  /** @param machines the machines there are: a list of ARNs (each ACTIVE), or each ARN's status. */
  constructor(machines: string[] | Record<string, string> = []) {
    super();
    const statuses: [string, string][] = Array.isArray(machines)
      ? machines.map((arn) => [arn, 'ACTIVE'])
      : Object.entries(machines);
    this.machines = new Map(
      statuses.map(([arn, status]) => [arn, { name: arn.split(':').at(-1) ?? arn, status }]),
    );
  }

  describe(arn: string) {
    this.asked.push(arn);
    return this.answer('describe', () => this.machines.get(arn) ?? null);
  }
}

/** What the stage's stacks hold: nothing deployed, by default. */
export class FakeStageResources extends Refusals<'locate'> implements StageResourceLocator {
  resources: StageResources;

  constructor(resources: Partial<StageResources> = {}) {
    super();
    this.resources = { stacks: [], tables: {}, stateMachines: {}, schedulerRole: 'unknown', ...resources };
  }

  locate() {
    return this.answer('locate', () => this.resources);
  }
}

/** Every readiness port, as the fakes above: read their `asked`, or tell them to `refuse`, in tests. */
export interface FakeReadinessPorts extends ReadinessPorts {
  email: FakeEmailAccount;
  sms: FakeSmsAccount;
  schedules: FakeScheduleGroups;
  tables: FakeTableStatuses;
  stateMachines: FakeStateMachines;
  resources: FakeStageResources;
}

/** The ports of an account and stage: the fakes given, a default one (see above) for each port not given. */
export function fakeReadinessPorts(ports: Partial<FakeReadinessPorts> = {}): FakeReadinessPorts {
  return {
    email: new FakeEmailAccount(),
    sms: new FakeSmsAccount(),
    schedules: new FakeScheduleGroups(),
    tables: new FakeTableStatuses(),
    stateMachines: new FakeStateMachines(),
    resources: new FakeStageResources(),
    ...ports,
  };
}
