/**
 * Manager calls as EventBridge Scheduler one-time schedules: `at()` in UTC, the project's own
 * schedule group, deleted after they fire, retried with a dead-letter queue. The name is
 * deterministic and so is the client token derived from it, so a retried step never makes a
 * second one.
 */
import { createHash } from 'node:crypto';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { CallSchedulePayload } from '../domain/journey/call-task.js';
import type { CallScheduler } from '../ports/call-scheduler.js';

export interface CallScheduleTarget {
  groupName: string;
  /** The function that creates the call task. */
  targetArn: string;
  /** The role Scheduler assumes to invoke it. */
  roleArn: string;
  deadLetterQueueArn: string;
}

/**
 * A function's ARN without a version or alias: what the schedule invokes (a Lambda context's
 * `invokedFunctionArn` carries the qualifier it was invoked by, if any).
 */
export const unqualifiedFunctionArn = (arn: string) => arn.split(':').slice(0, 7).join(':');

/**
 * Scheduler's client tokens are 1–64 of `[a-zA-Z0-9-_]`, narrower than schedule names (which may
 * hold `.`, as a deferred call's `.r1` does, and reach 64 characters): the name's SHA-256 in hex is
 * always a valid token, and one per name.
 */
export const clientToken = (name: string) => createHash('sha256').update(name).digest('hex');

/** `at(yyyy-mm-ddThh:mm:ss)`: Scheduler's one-time expression, read in ScheduleExpressionTimezone. */
const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

export class SchedulerCallScheduler implements CallScheduler {
  constructor(
    private readonly scheduler: SchedulerClient,
    private readonly target: CallScheduleTarget,
  ) {}

  async schedule(name: string, at: Date, payload: CallSchedulePayload): Promise<'created' | 'exists'> {
    try {
      await this.scheduler.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.target.groupName,
          ClientToken: clientToken(name),
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.target.targetArn,
            RoleArn: this.target.roleArn,
            Input: JSON.stringify(payload),
            RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 },
            DeadLetterConfig: { Arn: this.target.deadLetterQueueArn },
          },
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConflictException) return 'exists';
      throw error;
    }
  }

  async cancel(name: string): Promise<void> {
    try {
      await this.scheduler.send(
        new DeleteScheduleCommand({
          Name: name,
          GroupName: this.target.groupName,
          // No token: deleting twice is harmless (the second finds nothing, which is done).
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }
}
