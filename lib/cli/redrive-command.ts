/**
 * `reactivate redrive`: hands the messages of a stage's dead-letter queue back to their target,
 * once the cause of the failure is fixed; `--dry-run` only counts them. The workflow stack names
 * each queue and its target in a `Redrive<Name>` output (lib/constructs/operations.ts), so this
 * needs the stage, the region and read access to its stack, nothing hard-coded.
 *
 * Why not SQS's own redrive (StartMessageMoveTask): it moves messages back to the SQS queue they
 * were dead-lettered from. These queues are fed by Lambda's asynchronous invocations, an
 * EventBridge rule and EventBridge Scheduler — none of them a queue — so there is nowhere to move
 * a message to. Each message is handed to the target instead: a function is invoked with the event
 * (synchronously, so a message is deleted only once the function took it), the scoring state
 * machine is started with the schedule's input.
 */
import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { LambdaRedriveTarget, StateMachineRedriveTarget } from '../../functions/adapters/redrive-targets.js';
import { SqsDeadLetterQueue } from '../../functions/adapters/sqs-dead-letter-queue.js';
import type { DeadLetterQueue, RedriveTarget } from '../../functions/ports/dead-letters.js';
import { type RedriveSummary, redriveDeadLetters } from '../../functions/use-cases/redrive-dead-letters.js';
import { loadStageConfig } from '../config.js';
import {
  DEAD_LETTER_QUEUE_NAMES,
  DEAD_LETTER_QUEUES,
  type DeadLetterQueueName,
  type RedriveOutput,
  redriveOutputKey,
} from '../dead-letter-queues.js';
import { UsageError } from './import-command.js';
import { countOf } from './output.js';

export interface RedriveOptions {
  /** `--stage`: as cdk's `-c stage=…`; the config file's stage, else `dev`, when absent. */
  stage?: string;
  /** `--config`: the stage configuration file (its `region` is used unless `--region` is given). */
  configFile?: string;
  /** `--region`: where the stage is deployed; the config's, else the AWS profile's. */
  region?: string;
  /** `--queue`: the queue to redrive; every queue of the stage with `--dry-run`. */
  queue?: DeadLetterQueueName;
  /** `--dry-run`: count the messages, move none. */
  dryRun: boolean;
  /** `--max`: redrive at most this many messages. */
  max: number;
}

/** The AWS side of the command: replaced by fakes in the tests. */
export interface RedriveAws {
  /** The outputs of a stack; null when there is no such stack. */
  stackOutputs(stackName: string): Promise<Output[] | null>;
  queue(url: string): DeadLetterQueue;
  target(output: RedriveOutput): RedriveTarget;
  close(): void;
}

export interface QueueReport {
  queue: DeadLetterQueueName;
  /** False when the stage has no such queue (the scoring schedule is off, say). */
  deployed: boolean;
  target?: string;
  waiting?: number;
  inFlight?: number;
  /** What a redrive did (not with `--dry-run`). */
  result?: RedriveSummary;
}

export interface RedriveReport {
  stage: string;
  stack: string;
  dryRun: boolean;
  queues: QueueReport[];
}

/** The stack whose outputs name the queues (lib/app.ts lays the stage out). */
export const workflowStackName = (stage: string) => `Reactivate-${stage}-Workflows`;

const redriveOutputSchema = z.object({
  queue: z.enum(DEAD_LETTER_QUEUE_NAMES),
  queueUrl: z.url(),
  target: z.enum(['function', 'stateMachine']),
  targetArn: z.string().startsWith('arn:'),
});

/** The `Redrive<Name>` outputs of the workflow stack, by queue; a queue without one is not deployed. */
export function redriveOutputs(
  outputs: readonly Output[],
): Partial<Record<DeadLetterQueueName, RedriveOutput>> {
  const found: Partial<Record<DeadLetterQueueName, RedriveOutput>> = {};
  for (const name of DEAD_LETTER_QUEUE_NAMES) {
    const output = outputs.find((o) => o.OutputKey === redriveOutputKey(name));
    if (!output?.OutputValue) continue;
    let value: unknown;
    try {
      value = JSON.parse(output.OutputValue);
    } catch {
      value = undefined;
    }
    const parsed = redriveOutputSchema.safeParse(value);
    if (!parsed.success || parsed.data.queue !== name)
      throw new UsageError(
        `the stack output ${output.OutputKey} is not what this version of reactivate writes: deploy the stage with it first`,
      );
    found[name] = parsed.data;
  }
  return found;
}

/** `fakeAws`: the AWS side in tests; clients for the stage's region otherwise. */
export async function redriveCommand(options: RedriveOptions, fakeAws?: RedriveAws): Promise<RedriveReport> {
  if (!options.dryRun && !options.queue)
    throw new UsageError(
      `name the queue to redrive: --queue ${DEAD_LETTER_QUEUE_NAMES.join('|')} (or --dry-run to count them all)`,
    );
  const config = loadStageConfig((key) =>
    key === 'stage' ? options.stage : key === 'config' ? options.configFile : undefined,
  );
  const stage = config.stage;
  const stack = workflowStackName(stage);
  const aws = fakeAws ?? awsClients(options.region ?? config.region);
  try {
    const outputs = await aws.stackOutputs(stack);
    if (!outputs)
      throw new UsageError(
        `no stack ${stack} in this region: is the stage deployed here? (--region, or region in the stage configuration)`,
      );
    const declared = redriveOutputs(outputs);
    const queues: QueueReport[] = [];
    for (const name of options.queue ? [options.queue] : DEAD_LETTER_QUEUE_NAMES) {
      const output = declared[name];
      if (!output) {
        queues.push({ queue: name, deployed: false });
        continue;
      }
      const queue = aws.queue(output.queueUrl);
      const target = aws.target(output);
      const { waiting, inFlight } = await queue.depth();
      queues.push({
        queue: name,
        deployed: true,
        target: target.name,
        waiting,
        inFlight,
        ...(options.dryRun ? {} : { result: await redriveDeadLetters(queue, target, options.max) }),
      });
    }
    return { stage, stack, dryRun: options.dryRun, queues };
  } finally {
    aws.close();
  }
}

/** What the command prints for people. */
export function redriveLines(report: RedriveReport): string[] {
  const lines = [
    `stage ${report.stage} (${report.stack})${report.dryRun ? ' — dry run, nothing moved' : ''}`,
  ];
  for (const q of report.queues) {
    if (!q.deployed) {
      lines.push(`  ${q.queue}: not deployed in this stage`);
      continue;
    }
    lines.push(
      `  ${q.queue}: ${countOf(q.waiting ?? 0, 'message')} waiting, ${q.inFlight ?? 0} in flight → ${q.target}`,
      `    (${DEAD_LETTER_QUEUES[q.queue].description})`,
    );
    if (q.result) {
      lines.push(
        `    redriven: ${countOf(q.result.redriven, 'message')}, refused again: ${q.result.failed.length}`,
      );
      for (const f of q.result.failed.slice(0, 20)) lines.push(`    ${f.id}: ${f.error}`);
      if (q.result.failed.length > 20) lines.push(`    … and ${q.result.failed.length - 20} more`);
    }
  }
  return lines;
}

/** True when every message a redrive touched was taken by its target. */
export const redriveSucceeded = (report: RedriveReport) =>
  report.queues.every((q) => (q.result?.failed.length ?? 0) === 0);

/** `region`: else the SDK's (AWS_REGION, the profile's). */
function awsClients(region: string | undefined): RedriveAws {
  const settings = region ? { region } : {};
  const cloudFormation = new CloudFormationClient(settings);
  const sqs = new SQSClient(settings);
  const lambda = new LambdaClient(settings);
  const sfn = new SFNClient(settings);
  return {
    async stackOutputs(stackName) {
      try {
        const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
        return Stacks?.[0]?.Outputs ?? [];
      } catch (error) {
        if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
          return null;
        throw error;
      }
    },
    queue: (url) => new SqsDeadLetterQueue(sqs, url),
    target: (output) =>
      output.target === 'function'
        ? new LambdaRedriveTarget(lambda, output.targetArn)
        : new StateMachineRedriveTarget(sfn, output.targetArn),
    close() {
      for (const client of [cloudFormation, sqs, lambda, sfn]) client.destroy();
    },
  };
}
