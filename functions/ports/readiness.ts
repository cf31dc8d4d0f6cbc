/**
 * What the readiness check reads from an account, one port per service. Every method is a
 * read-only call; "not found" is an answer (null), anything else (access denied, throttling) is
 * thrown and reported as a check that could not be made.
 */
import type { SesAccountFacts, SesIdentityFacts } from '../domain/readiness/email-readiness.js';
import type { OriginationNumberFacts } from '../domain/readiness/sms-readiness.js';
import type { StageResources, StateMachineFacts, TableFacts } from '../domain/readiness/stage-readiness.js';

/** SES v2: GetAccount, GetEmailIdentity. */
export interface EmailAccount {
  account(): Promise<SesAccountFacts>;
  identity(name: string): Promise<SesIdentityFacts | null>;
}

/** SNS: ListOriginationNumbers, GetSMSAttributes, GetSMSSandboxAccountStatus. */
export interface SmsAccount {
  originationNumbers(): Promise<OriginationNumberFacts[]>;
  /** USD a month; null when the account never set one. */
  monthlySpendLimit(): Promise<number | null>;
  inSandbox(): Promise<boolean>;
}

/** EventBridge Scheduler: GetScheduleGroup. Its state, null if there is no such group. */
export interface ScheduleGroups {
  state(name: string): Promise<string | null>;
}

/** DynamoDB: DescribeTable and DescribeContinuousBackups. */
export interface TableStatuses {
  describe(tableName: string): Promise<TableFacts | null>;
}

/** Step Functions: DescribeStateMachine. */
export interface StateMachines {
  describe(arn: string): Promise<StateMachineFacts | null>;
}

/** Finds the stage's resources: from its CloudFormation stacks in AWS, from the descriptor locally. */
export interface StageResourceLocator {
  locate(): Promise<StageResources>;
}

export interface ReadinessPorts {
  email: EmailAccount;
  sms: SmsAccount;
  schedules: ScheduleGroups;
  tables: TableStatuses;
  stateMachines: StateMachines;
  resources: StageResourceLocator;
}
