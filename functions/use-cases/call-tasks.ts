/**
 * The managers' call tasks: give one to a manager, and close it with the call's outcome (listing
 * the queue is list-call-tasks.ts). Recording the same outcome again answers as the first time did
 * (a retried request); a different outcome for a closed task is a conflict, never an overwrite.
 */
import type { CallOutcome } from '../domain/journey/call-outcome.js';
import type { CallTask } from '../domain/journey/call-task.js';
import type { CallTaskStore } from '../ports/call-task-store.js';
import { UseCaseError } from './use-case-error.js';

export interface CallTaskQueueDeps {
  tasks: CallTaskStore;
  clock: () => Date;
}

export class CallTaskError extends UseCaseError {
  override readonly name = 'CallTaskError';
}

export async function assignCallTask(
  deps: CallTaskQueueDeps,
  taskId: string,
  assignee: string,
): Promise<CallTask> {
  if (!(await deps.tasks.assign(taskId, assignee)))
    throw new CallTaskError('not-found', `no call task '${taskId}'`);
  return (await deps.tasks.get(taskId)) as CallTask;
}

const sameOutcome = (a: CallOutcome, b: CallOutcome) =>
  a.reached === b.reached &&
  a.result === b.result &&
  a.leavingReason === b.leavingReason &&
  a.note === b.note &&
  a.by === b.by;

export async function recordCallOutcome(
  deps: CallTaskQueueDeps,
  taskId: string,
  outcome: CallOutcome,
): Promise<CallTask> {
  const closed = await deps.tasks.close(taskId, { ...outcome, recordedAt: deps.clock().toISOString() });
  const task = await deps.tasks.get(taskId);
  if (!task) throw new CallTaskError('not-found', `no call task '${taskId}'`);
  if (closed || (task.outcome && sameOutcome(task.outcome, outcome))) return task;
  throw new CallTaskError(
    'conflict',
    task.outcome
      ? `the task was closed already with another outcome (${task.outcome.result})`
      : `the task is ${task.status}`,
  );
}
