/**
 * How the schedule-group adapter of the readiness check reads EventBridge Scheduler, against a
 * mocked SDK client (the local stack never denies or throttles): a group that does not exist
 * (ResourceNotFoundException) is the answer null, and every other refusal — a denied permission,
 * throttling, a bad name, an internal error — is passed on unchanged, for the check to report as
 * one it could not make. Plus the exact request it makes and how it reads the group's state.
 */
import {
  GetScheduleGroupCommand,
  InternalServerException,
  ResourceNotFoundException,
  SchedulerClient,
  SchedulerServiceException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SchedulerScheduleGroups } from '../../../functions/adapters/scheduler-schedule-groups.js';

/** Scheduler's exceptions carry the service's `Message` beside the SDK's `message`. */
const meta = { $metadata: {}, message: 'refused', Message: 'refused' };
/** What Scheduler answers a role without scheduler:GetScheduleGroup (an error it does not model). */
const denied = () =>
  new SchedulerServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'User is not authorized to perform: scheduler:GetScheduleGroup',
  });

describe('Scheduler schedule groups', () => {
  const scheduler = mockClient(SchedulerClient);
  afterEach(() => scheduler.reset());
  const groups = () => new SchedulerScheduleGroups(new SchedulerClient({ region: 'eu-west-1' }));

  it('asks for the group by name and answers its state', async () => {
    // Prepare
    scheduler
      .on(GetScheduleGroupCommand)
      .resolvesOnce({ Name: 'reactivate-prod-calls', State: 'ACTIVE' })
      .resolvesOnce({ Name: 'reactivate-prod-calls', State: 'DELETING' });

    // Act
    const states = [
      await groups().state('reactivate-prod-calls'),
      await groups().state('reactivate-prod-calls'),
    ];

    // Assess
    expect(states).toEqual(['ACTIVE', 'DELETING']);
    expect(scheduler.commandCalls(GetScheduleGroupCommand)[0]?.args[0].input).toEqual({
      Name: 'reactivate-prod-calls',
    });
  });

  it('answers UNKNOWN, not null, for a group whose answer holds no state: the group is there', async () => {
    // Prepare
    scheduler.on(GetScheduleGroupCommand).resolves({ Name: 'reactivate-prod-calls' });

    // Act
    const state = await groups().state('reactivate-prod-calls');

    // Assess
    expect(state).toBe('UNKNOWN');
  });

  it('answers null for a group that does not exist', async () => {
    // Prepare
    scheduler.on(GetScheduleGroupCommand).rejects(new ResourceNotFoundException(meta));

    // Act
    const state = await groups().state('reactivate-prod-calls');

    // Assess
    expect(state).toBeNull();
  });

  it('passes any other refusal on unchanged, a denied permission included', async () => {
    const errors = [
      denied(),
      new ThrottlingException(meta),
      new ValidationException(meta),
      new InternalServerException(meta),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      scheduler.on(GetScheduleGroupCommand).rejects(error);
      await expect(groups().state('reactivate-prod-calls'), error.name).rejects.toBe(error);
    }
  });
});
