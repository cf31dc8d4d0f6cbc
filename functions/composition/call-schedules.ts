/** Call schedules in the stage's group: placed by the call step, deleted when a journey ends. */
import { SchedulerCallScheduler } from '../adapters/scheduler-call-scheduler.js';
import { createSchedulerClient } from '../shared/clients/scheduler.js';

/** What places schedules: their target, the role Scheduler invokes it with, where failures go. */
export interface CallTarget {
  targetArn: string;
  roleArn: string;
  deadLetterQueueArn: string;
}

export const callSchedules = (groupName: string, target?: CallTarget, client = createSchedulerClient()) =>
  new SchedulerCallScheduler(client, {
    groupName,
    targetArn: target?.targetArn ?? '',
    roleArn: target?.roleArn ?? '',
    deadLetterQueueArn: target?.deadLetterQueueArn ?? '',
  });
