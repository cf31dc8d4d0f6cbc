/**
 * Pieces every workflow construct has: the state machine role's cdk-nag acknowledgements, the
 * failed-execution alarm, and the dead-letter queue of a Scheduler target.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { HouseFunction } from './house-function.js';

/** The wildcards CDK grants a state machine role for tracing, logging and invoking its own functions. */
export function acknowledgeStateMachineRole(machine: StateMachine, invoked: readonly HouseFunction[]): void {
  const stack = Stack.of(machine);
  Validations.of(machine.role).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing and CloudWatch Logs vended log delivery (logs:CreateLogDelivery and friends) are granted on *: neither supports resource-level permissions.',
    },
    ...invoked.map((fn) => ({
      id: `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(fn.function.node.defaultChild as CfnFunction))}.Arn>:*]`,
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
  return new Alarm(scope, id, {
    alarmDescription: description,
    metric: machine.metricFailed({ period: Duration.hours(1) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/** An encrypted, TLS-only queue kept 14 days for what a schedule could not deliver. */
export function scheduleDeadLetterQueue(scope: Construct, id: string, schedules: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge(
    { id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter queue of ${schedules}.` },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason: `This queue is itself the dead-letter queue of ${schedules}; operators inspect it, nothing redrives from it.`,
    },
  );
  return queue;
}
