/**
 * `reactivate doctor`: is the account and the deployed stage ready for a campaign? Read-only
 * calls to SES, SNS, Scheduler, DynamoDB, Step Functions and CloudFormation (or, with `--local`,
 * to the running local stack and the account it simulates), judged by the readiness rules of
 * functions/domain/readiness. This module is the composition root: it picks the stage, the
 * region and the clients, and prints the report.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  CloudFormationStageResources,
  type StageLayout,
} from '../../functions/adapters/cloudformation-stage-resources.js';
import { DynamoTableStatuses } from '../../functions/adapters/dynamodb-table-statuses.js';
import { SchedulerScheduleGroups } from '../../functions/adapters/scheduler-schedule-groups.js';
import { SesEmailAccount } from '../../functions/adapters/ses-email-account.js';
import { SfnStateMachines } from '../../functions/adapters/sfn-state-machines.js';
import { SnsSmsAccount } from '../../functions/adapters/sns-sms-account.js';
import type { ReadinessReport } from '../../functions/domain/readiness/readiness.js';
import type { CheckStatus } from '../../functions/domain/readiness/readiness-check.js';
import type { StageResources } from '../../functions/domain/readiness/stage-readiness.js';
import type { ReadinessPorts } from '../../functions/ports/readiness.js';
import { checkReadiness } from '../../functions/use-cases/check-readiness.js';
import { loadStageConfig, type StageConfig } from '../config.js';
import { journeyResourceNames } from '../journey-environment.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { findLocalStack, type StackDescriptor } from '../local/stack-descriptor.js';
import { TABLE_NAMES } from '../table-definitions.js';
import { UsageError } from './import-command.js';
import { countOf } from './output.js';

export interface DoctorOptions {
  /** `--stage`: as `-c stage=…` for cdk; the config file's stage, else `dev`, when absent. */
  stage?: string;
  /** `--config`: the stage configuration file, as `-c config=…` for cdk. */
  configFile?: string;
  /** Customers a campaign would reach. */
  volume?: number;
  /** Check the local stack running from this data folder instead of AWS. */
  localDataDir?: string;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The stage as lib/app.ts and the constructs lay it out: stack names, and the construct ids CDK
 * derives logical ids from (tests/infra/doctor-layout.test.ts checks them against the synthesized
 * templates).
 */
export function stageLayout(stage: string): StageLayout {
  const prefix = `Reactivate-${stage}`;
  return {
    stacks: { data: `${prefix}-Data`, api: `${prefix}-Api`, workflows: `${prefix}-Workflows` },
    tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, `Data${pascal(t)}Table`])),
    stateMachines: {
      journey: 'JourneysStateMachine',
      campaign: 'CampaignsStateMachine',
      scoring: 'ScoringStateMachine',
    },
    schedulerRole: 'JourneysCallSchedulerRole',
  };
}

function readConfig(options: DoctorOptions, defaultStage?: string): StageConfig {
  const stage = options.stage ?? defaultStage;
  return loadStageConfig((key) =>
    key === 'stage' ? stage : key === 'config' ? options.configFile : undefined,
  );
}

/** The local stack: its own names, the journey and campaign machines (it scores in the CLI), no CloudFormation. */
function localResources(stack: StackDescriptor): StageResources {
  const names = journeyResourceNames(stack.stage);
  // The local stack's machines share an ARN prefix; the descriptor names the journey's.
  const arn = (name: string) => stack.journeys.stateMachineArn.replace(/[^:]+$/, name);
  return {
    stacks: [],
    tables: { ...stack.tables },
    stateMachines: { journey: arn(names.stateMachine), campaign: arn(names.campaignStateMachine) },
    schedulerRole: 'unknown',
  };
}

async function awsRegion(config: StageConfig, probe: SESv2Client): Promise<string> {
  if (config.region) return config.region;
  try {
    return await probe.config.region();
  } catch {
    throw new UsageError(
      'no AWS region: set `region` in the stage configuration, or AWS_REGION, or a region in your AWS profile',
    );
  }
}

export async function doctorCommand(options: DoctorOptions): Promise<ReadinessReport> {
  const local = options.localDataDir === undefined ? undefined : findLocalStack(options.localDataDir);
  const config = readConfig(options, local?.stage);
  const names = journeyResourceNames(local?.stage ?? config.stage);
  let region: string;
  let ports: ReadinessPorts;
  const clients: { destroy(): void }[] = [];
  const client = <T extends { destroy(): void }>(c: T): T => {
    clients.push(c);
    return c;
  };
  if (local) {
    region = LOCAL_CLIENT.region;
    const endpoint = local.apiUrl;
    ports = {
      email: new SesEmailAccount(client(new SESv2Client({ ...LOCAL_CLIENT, endpoint }))),
      sms: new SnsSmsAccount(client(new SNSClient({ ...LOCAL_CLIENT, endpoint }))),
      schedules: new SchedulerScheduleGroups(client(new SchedulerClient({ ...LOCAL_CLIENT, endpoint }))),
      tables: new DynamoTableStatuses(
        client(new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: local.dynamodbEndpoint })),
      ),
      stateMachines: new SfnStateMachines(client(new SFNClient({ ...LOCAL_CLIENT, endpoint }))),
      resources: { locate: async () => localResources(local) },
    };
  } else {
    const regionConfig = config.region ? { region: config.region } : {};
    const ses = client(new SESv2Client(regionConfig));
    region = await awsRegion(config, ses);
    try {
      await ses.config.credentials();
    } catch (error) {
      throw new UsageError(
        `no AWS credentials (${(error as Error).message}): sign in (aws sso login, aws configure) or set AWS_PROFILE`,
      );
    }
    const settings = { region };
    ports = {
      email: new SesEmailAccount(ses),
      sms: new SnsSmsAccount(client(new SNSClient(settings))),
      schedules: new SchedulerScheduleGroups(client(new SchedulerClient(settings))),
      tables: new DynamoTableStatuses(client(new DynamoDBClient(settings))),
      stateMachines: new SfnStateMachines(client(new SFNClient(settings))),
      resources: new CloudFormationStageResources(
        client(new CloudFormationClient(settings)),
        stageLayout(config.stage),
      ),
    };
  }
  try {
    return await checkReadiness(ports, {
      stage: local?.stage ?? config.stage,
      region,
      emailFrom: config.journeys.emailFrom,
      emailPerSecond: config.journeys.pacing.emailPerSecond,
      ...(config.journeys.sms.originationNumber
        ? { originationNumber: config.journeys.sms.originationNumber }
        : {}),
      smsPrice: config.reports.smsPrice,
      scheduleGroup: names.scheduleGroup,
      ...(options.volume !== undefined ? { volume: options.volume } : {}),
    });
  } finally {
    for (const c of clients) c.destroy();
  }
}

const LABELS: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL' };

/** The report as a table for a terminal, and a verdict at the end. */
export function doctorLines(report: ReadinessReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const tally = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const [failed, warned, ok] = [tally('fail'), tally('warn'), tally('ok')];
  const scope = report.volume === undefined ? '' : ` for a campaign of ${countOf(report.volume, 'customer')}`;
  const verdict =
    report.status === 'fail'
      ? `Not ready: ${failed} failed, ${countOf(warned, 'warning')}, ${ok} ok. A campaign would not run as it should: fix what failed and run doctor again.`
      : report.status === 'warn'
        ? `Ready, with ${countOf(warned, 'warning')} (${ok} ok).`
        : `Ready: all ${ok} checks ok.`;
  return [
    `Readiness of stage '${report.stage}' in ${report.region}${scope}`,
    '',
    ...report.checks.map((c) => `  ${LABELS[c.status].padEnd(4)}  ${c.title.padEnd(width)}  ${c.message}`),
    '',
    verdict,
  ];
}
