/**
 * Check readiness (`reactivate doctor`): read, without changing anything, what SES, SNS,
 * Scheduler, DynamoDB and Step Functions say about the account and the deployed stage, then let
 * the domain rules judge it. The calls run concurrently and each one's failure is kept as a fact
 * (naming the call, and so the IAM action, that failed): one denied permission costs one check,
 * not the report.
 */
import { sendingIdentityNames } from '../domain/readiness/email-readiness.js';
import { assessReadiness, type ReadinessReport } from '../domain/readiness/readiness.js';
import type { Probe } from '../domain/readiness/readiness-check.js';
import type { StageResources, WorkflowName } from '../domain/readiness/stage-readiness.js';
import type { ReadinessPorts } from '../ports/readiness.js';

export interface ReadinessRequest {
  stage: string;
  region: string;
  /** `journeys.emailFrom`. */
  emailFrom: string;
  /** `journeys.pacing.emailPerSecond`: the rate the journeys send at. */
  emailPerSecond?: number;
  /** `journeys.sms.originationNumber`. */
  originationNumber?: string;
  /** `reports.smsPrice`: what one text is estimated to cost. */
  smsPrice: number;
  /** The stage's call schedule group. */
  scheduleGroup: string;
  /** Customers a campaign would reach. */
  volume?: number;
}

async function probe<T>(call: string, read: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    const e = error as Error;
    return { error: `${call} failed — ${e.name}: ${e.message}` };
  }
}

const NO_IDENTITY: Probe<null> = { value: null };

export async function checkReadiness(
  ports: ReadinessPorts,
  request: ReadinessRequest,
): Promise<ReadinessReport> {
  const names = sendingIdentityNames(request.emailFrom);
  const [domainIdentity, addressIdentity, account, numbers, monthlySpendLimit, inSandbox, group, resources] =
    await Promise.all([
      names ? probe('ses:GetEmailIdentity', () => ports.email.identity(names.domain)) : NO_IDENTITY,
      names ? probe('ses:GetEmailIdentity', () => ports.email.identity(names.address)) : NO_IDENTITY,
      probe('ses:GetAccount', () => ports.email.account()),
      probe('sns:ListOriginationNumbers', () => ports.sms.originationNumbers()),
      probe('sns:GetSMSAttributes', () => ports.sms.monthlySpendLimit()),
      probe('sns:GetSMSSandboxAccountStatus', () => ports.sms.inSandbox()),
      probe('scheduler:GetScheduleGroup', () => ports.schedules.state(request.scheduleGroup)),
      probe("finding the stage's stacks", () => ports.resources.locate()),
    ]);
  const located: StageResources | undefined = 'value' in resources ? resources.value : undefined;
  const [tables, stateMachines] = await Promise.all([
    describeEach(located?.tables ?? {}, (name) =>
      probe('dynamodb:DescribeTable', () => ports.tables.describe(name)),
    ),
    describeEach(located?.stateMachines ?? {}, (arn) =>
      probe('states:DescribeStateMachine', () => ports.stateMachines.describe(arn)),
    ),
  ]);
  return assessReadiness({
    email: {
      region: request.region,
      from: request.emailFrom,
      ...(request.emailPerSecond !== undefined ? { emailPerSecond: request.emailPerSecond } : {}),
      domainIdentity,
      addressIdentity,
      account,
    },
    sms: {
      region: request.region,
      ...(request.originationNumber ? { originationNumber: request.originationNumber } : {}),
      numbers,
      monthlySpendLimit,
      inSandbox,
      smsPrice: request.smsPrice,
    },
    stage: {
      stage: request.stage,
      region: request.region,
      resources,
      tables,
      stateMachines: stateMachines as Partial<Record<WorkflowName, (typeof stateMachines)[string]>>,
      scheduleGroup: { name: request.scheduleGroup, state: group },
    },
    ...(request.volume !== undefined ? { volume: request.volume } : {}),
  });
}

/** Reads each located resource (skipping those not found), keyed as the resources are. */
async function describeEach<T>(
  located: Record<string, string | null | undefined>,
  read: (name: string) => Promise<T>,
): Promise<Record<string, T>> {
  const entries = Object.entries(located).filter((e): e is [string, string] => Boolean(e[1]));
  return Object.fromEntries(await Promise.all(entries.map(async ([key, name]) => [key, await read(name)])));
}
