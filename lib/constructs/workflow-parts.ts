/**
 * Pieces every workflow construct has: its task functions, its Standard state machine (traced,
 * logged, role acknowledged, alarmed on failed runs), and the dead-letter queue of a target.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  Fail,
  type IChainable,
  JitterType,
  LogLevel,
  StateMachine,
  StateMachineType,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { alarmOnDeadLetters } from './alarms.js';
import { guardRule } from './guard-rules.js';
import type { HouseFunction } from './house-function.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';

/**
 * The retries every Lambda task of every workflow has, first match wins: Lambda's own transient
 * faults (throttling above all: a campaign launch starts thousands of journeys at once), then a
 * timed-out task, then the task's own failures — each with exponential backoff and full jitter, so
 * retries of many executions do not arrive together. Every step is idempotent, so a retry after
 * an invocation that did its work after all changes nothing. Errors no retry can fix (a malformed
 * input) are named by `permanent` and go straight to the Catch.
 */
export function retryTransientFailures<T extends TaskStateBase>(
  task: T,
  options: { permanent?: readonly string[]; taskFailed?: { interval: Duration; maxAttempts: number } } = {},
): T {
  if (options.permanent?.length) task.addRetry({ errors: [...options.permanent], maxAttempts: 0 });
  task.addRetry({
    errors: ['Lambda.TooManyRequestsException'],
    interval: Duration.seconds(2),
    maxAttempts: 10,
    backoffRate: 2,
    maxDelay: Duration.minutes(2),
    jitterStrategy: JitterType.FULL,
  });
  task.addRetry({
    errors: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
    ],
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    jitterStrategy: JitterType.FULL,
  });
  task.addRetry({
    errors: ['States.Timeout'],
    interval: Duration.seconds(10),
    maxAttempts: 2,
    backoffRate: 2,
    jitterStrategy: JitterType.FULL,
  });
  task.addRetry({
    errors: ['States.TaskFailed'],
    interval: options.taskFailed?.interval ?? Duration.seconds(5),
    maxAttempts: options.taskFailed?.maxAttempts ?? 4,
    backoffRate: 3,
    jitterStrategy: JitterType.FULL,
  });
  return task;
}

/** Where every Catch of the workflows puts what failed: Step Functions' `{ Error, Cause }`. */
export const CAUGHT = '$.failure';

/** A Fail state that ends the run with the error and cause a Catch put at `CAUGHT`. */
export function failWithCaughtError(scope: Construct, id: string, comment?: string): Fail {
  return new Fail(scope, id, {
    ...(comment ? { comment } : {}),
    errorPath: `${CAUGHT}.Error`,
    causePath: `${CAUGHT}.Cause`,
  });
}

/**
 * A workflow's Standard state machine: traced, logging to its own group without execution data
 * (it holds customer ids only, but stays out of logs anyway), its role's wildcards acknowledged
 * for the functions it invokes, and an alarm on any failed run.
 */
export function workflowStateMachine(
  scope: Construct,
  props: {
    name?: string;
    comment: string;
    definition: IChainable;
    timeout: Duration;
    logRetention: RetentionDays;
    removalPolicy: RemovalPolicy;
    invoked: readonly HouseFunction[];
    alarm: { id: string; description: string };
  },
): StateMachine {
  const machine = new StateMachine(scope, 'StateMachine', {
    ...(props.name ? { stateMachineName: props.name } : {}),
    stateMachineType: StateMachineType.STANDARD,
    comment: props.comment,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: {
      destination: new LogGroup(scope, 'Logs', {
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
      level: LogLevel.ALL,
      includeExecutionData: false,
    },
  });
  acknowledgeStateMachineRole(machine, props.invoked);
  failedExecutionsAlarm(scope, props.alarm.id, machine, props.alarm.description);
  return machine;
}

/** The wildcards CDK grants a state machine role for tracing, logging and invoking its own functions. */
export function acknowledgeStateMachineRole(machine: StateMachine, invoked: readonly HouseFunction[]): void {
  acknowledgeWildcardResources(
    machine.role,
    {
      resource: '*',
      reason:
        'Only X-Ray tracing and CloudWatch Logs vended log delivery (logs:CreateLogDelivery and friends) are granted on *: neither supports resource-level permissions.',
    },
    ...invoked.map((fn) => ({
      resource: `${fn.function.functionArn}:*`,
      reason: `Step Functions' Lambda integration may invoke versions and aliases of this workflow's own function (${fn.node.id}), and nothing else.`,
    })),
  );
}

/** Alarms on any failed execution within an hour. */
export function failedExecutionsAlarm(
  scope: Construct,
  id: string,
  machine: StateMachine,
  description: string,
): Alarm {
  // Timed out too: a run that outlived its timeout cannot be caught, and is as stuck as a failed one.
  return new Alarm(scope, id, {
    alarmDescription: `${description} (failed or timed out)`,
    metric: new MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
      usingMetrics: {
        failed: machine.metricFailed({ period: Duration.hours(1) }),
        timedOut: machine.metricTimedOut({ period: Duration.hours(1) }),
      },
      label: 'Failed or timed out',
      period: Duration.hours(1),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * An encrypted, TLS-only queue kept 14 days for what a target could not take, alarmed as soon as
 * a message lands in it. It outlives the stack unless the stage is disposable: what failed stays
 * for `reactivate redrive` even when the stateless stack is replaced or removed.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  of: string,
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN,
): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy,
  });
  Validations.of(queue).acknowledge(
    { id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of ${of}.` },
    { id: guardRule('sqs_dlq_check'), reason: `This queue is itself the dead-letter queue of ${of}.` },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: `This queue is itself the dead-letter queue of ${of}: nothing consumes it but an operator or \`reactivate redrive\`, so it needs no dead-letter queue of its own.`,
    },
  );
  alarmOnDeadLetters(queue, queue, of);
  return queue;
}
