/**
 * Call schedules on the local stack's EventBridge Scheduler, which checks the service's own input
 * constraints (schedule names, client tokens): the adapter's requests for the call step's
 * schedules and for a paused campaign's deferred ones (named `….r1`) are ones AWS accepts.
 */
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchedulerCallScheduler } from '../../functions/adapters/scheduler-call-scheduler.js';
import { callScheduleName, deferredCallScheduleName } from '../../functions/domain/journey/journey-rules.js';
import { createSchedulerClient } from '../../functions/shared/clients/scheduler.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';

describe('Call schedules on the local Scheduler', () => {
  let stack: LocalStack;
  let calls: SchedulerCallScheduler;
  const at = new Date('2030-01-01T09:00:00Z');
  const payload = { campaignId: 'spring', customerId: 'c-1', scheduleName: 'x' };

  beforeAll(async () => {
    stack = await startTestStack();
    calls = new SchedulerCallScheduler(createSchedulerClient(), {
      groupName: stack.journeys.callScheduleGroup,
      targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:create-call-task',
      roleArn: 'arn:aws:iam::000000000000:role/local-scheduler',
      deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:local-call-dead-letters',
    });
  });
  afterAll(() => stack.close());

  it("places, finds again and deletes the call step's schedules and the deferred ones, the longest names included", async () => {
    const names = [
      callScheduleName('spring', 'c-1'),
      deferredCallScheduleName('spring', 'c-1', 1),
      deferredCallScheduleName('a-campaign-with-a-long-name', 'x'.repeat(128), 12),
    ];
    for (const name of names) {
      expect(await calls.schedule(name, at, payload)).toBe('created');
      expect(await calls.schedule(name, at, payload)).toBe('exists');
      await calls.cancel(name);
      await calls.cancel(name);
      expect(await calls.schedule(name, at, payload)).toBe('created');
      await calls.cancel(name);
    }
  });

  it('refuses what Scheduler refuses: a client token outside [a-zA-Z0-9-_]', async () => {
    const client = new SchedulerClient({});
    const refused = client.send(
      new CreateScheduleCommand({
        Name: 'call-spring-c-1.r1',
        GroupName: stack.journeys.callScheduleGroup,
        ClientToken: 'call-spring-c-1.r1',
        ScheduleExpression: 'at(2030-01-01T09:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: 'arn:aws:lambda:us-east-1:000000000000:function:x',
          RoleArn: 'arn:aws:iam::000000000000:role/r',
        },
      }),
    );
    await expect(refused).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
