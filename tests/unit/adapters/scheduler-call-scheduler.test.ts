/**
 * How the EventBridge Scheduler adapter tells the service's answers apart, against a mocked SDK
 * client (the local stack never produces most of them): a schedule whose deterministic name is
 * taken is `exists`, a delete of a schedule that is gone (fired and deleted, or never placed) is
 * fine, and anything else — throttling, a quota, a refused request, a missing schedule group — is
 * passed on unchanged. Plus the exact one-time schedule it places and the delete it makes.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  InternalServerException,
  ResourceNotFoundException,
  SchedulerClient,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientToken,
  SchedulerCallScheduler,
  unqualifiedFunctionArn,
} from '../../../functions/adapters/scheduler-call-scheduler.js';
import {
  callScheduleName,
  deferredCallScheduleName,
} from '../../../functions/domain/journey/journey-rules.js';

/** Scheduler's exceptions carry the service's `Message` beside the SDK's `message`. */
const meta = { $metadata: {}, message: 'refused', Message: 'refused' };
const target = {
  groupName: 'reactivate-prod-calls',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:reactivate-prod-create-call-task',
  roleArn: 'arn:aws:iam::123456789012:role/reactivate-prod-scheduler',
  deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:reactivate-prod-calls-dlq',
};
const payload = { campaignId: 'spring', customerId: 'c-1', scheduleName: 'call-spring-c-1' };
const AT = new Date('2024-05-01T09:30:00.750Z');

describe('Scheduler call scheduler', () => {
  const scheduler = mockClient(SchedulerClient);
  afterEach(() => scheduler.reset());
  const calls = () => new SchedulerCallScheduler(new SchedulerClient({ region: 'us-east-1' }), target);

  it('places a one-time UTC schedule in the group, named and tokened by the name, deleted after it fires', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });

    // Act
    const outcome = await calls().schedule('call-spring-c-1', AT, payload);

    // Assess
    expect(outcome).toBe('created');
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'call-spring-c-1',
      GroupName: 'reactivate-prod-calls',
      ClientToken: clientToken('call-spring-c-1'),
      // Whole seconds, no zone suffix: Scheduler reads it in ScheduleExpressionTimezone.
      ScheduleExpression: 'at(2024-05-01T09:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        Input: JSON.stringify(payload),
        RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 21_600 },
        DeadLetterConfig: { Arn: target.deadLetterQueueArn },
      },
    });
  });

  it("sends only client tokens Scheduler accepts (1-64 of [a-zA-Z0-9-_]), one per name, deferred calls' names and the longest included", async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const names = [
      callScheduleName('spring', 'c-1'),
      deferredCallScheduleName('spring', 'c-1', 1),
      deferredCallScheduleName('spring', 'c-1', 12),
      callScheduleName('a-campaign-with-a-long-name', 'customer@example.com'),
      deferredCallScheduleName('a-campaign-with-a-long-name', 'x'.repeat(128), 3),
    ];

    // Act
    for (const name of names) await calls().schedule(name, AT, payload);

    // Assess
    const tokens = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input.ClientToken);
    for (const token of tokens) expect(token).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(tokens).size).toBe(names.length);
  });

  it('answers `exists` when a schedule of that name is there already (a retried step)', async () => {
    // Prepare
    scheduler.on(CreateScheduleCommand).rejects(new ConflictException(meta));

    // Act
    const outcome = await calls().schedule('call-spring-c-1', AT, payload);

    // Assess
    expect(outcome).toBe('exists');
  });

  it('passes any other refusal of a schedule on unchanged, a missing schedule group included', async () => {
    const errors = [
      new ThrottlingException(meta),
      new ServiceQuotaExceededException(meta),
      new ValidationException(meta),
      new InternalServerException(meta),
      // The group is gone: the call would never be made, so this is no `exists`.
      new ResourceNotFoundException(meta),
    ];
    for (const error of errors) {
      scheduler.on(CreateScheduleCommand).rejects(error);
      await expect(calls().schedule('call-spring-c-1', AT, payload), error.name).rejects.toBe(error);
    }
  });

  it('deletes the schedule of that name from the group', async () => {
    // Prepare
    scheduler.on(DeleteScheduleCommand).resolves({});

    // Act
    await calls().cancel('call-spring-c-1');

    // Assess
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'call-spring-c-1',
      GroupName: 'reactivate-prod-calls',
    });
  });

  it('treats a delete of a schedule that is not there (fired and deleted, or never placed) as done', async () => {
    // Prepare
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException(meta));

    // Act
    const cancelled = calls().cancel('call-spring-c-1');

    // Assess
    await expect(cancelled).resolves.toBeUndefined();
  });

  it('passes any other refusal of a delete on unchanged, a conflict included', async () => {
    const errors = [
      new ThrottlingException(meta),
      new ConflictException(meta),
      new ValidationException(meta),
      new InternalServerException(meta),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      scheduler.on(DeleteScheduleCommand).rejects(error);
      await expect(calls().cancel('call-spring-c-1'), error.name).rejects.toBe(error);
    }
  });

  it('targets the function without the version or alias it was invoked by', () => {
    expect(unqualifiedFunctionArn(`${target.targetArn}:live`)).toBe(target.targetArn);
    expect(unqualifiedFunctionArn(`${target.targetArn}:7`)).toBe(target.targetArn);
    expect(unqualifiedFunctionArn(target.targetArn)).toBe(target.targetArn);
  });
});
