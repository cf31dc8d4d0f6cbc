/**
 * The managers' call tasks: give one to a manager, and close it with the call's outcome (listing
 * the queue is list-call-tasks.ts). Recording the same outcome again answers as the first time did
 * (a retried request); a different outcome for a closed task is a conflict, never an overwrite.
 *
 * A call that reached the customer makes its manager the customer's previous contact, and the next
 * win-back call goes to somebody else: giving the task to the previous contact is refused unless
 * the request says so (a shop with one manager, a customer who asked for them).
 */
import type { CallOutcome } from '../domain/journey/call-outcome.js';
import type { CallTask } from '../domain/journey/call-task.js';
import type { CallTaskStore } from '../ports/call-task-store.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import { UseCaseError } from './use-case-error.js';

export interface CallTaskQueueDeps {
  tasks: CallTaskStore;
  customers: Pick<CustomerRepository, 'notePreviousContact'>;
  clock: () => Date;
}

export class CallTaskError extends UseCaseError {
  override readonly name = 'CallTaskError';
}

export async function assignCallTask(
  deps: CallTaskQueueDeps,
  taskId: string,
  assignment: { assignee: string; allowPreviousContact?: boolean },
): Promise<CallTask> {
  const { assignee } = assignment;
  const task = await deps.tasks.get(taskId);
  if (!task) throw new CallTaskError('not-found', `no call task '${taskId}'`);
  // A closed task keeps who had it: its outcome names that manager as the customer's contact.
  if (task.status !== 'open') throw new CallTaskError('conflict', `the task is ${task.status}`);
  const previous = task.previousContact;
  if (previous?.managerId === assignee && !assignment.allowPreviousContact)
    throw new CallTaskError(
      'conflict',
      `${assignee} reached this customer last (${previous.at}): the win-back call goes to another manager — give it to someone else, or send "allowPreviousContact": true`,
    );
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
  if (closed || (task.outcome && sameOutcome(task.outcome, outcome))) {
    // Noted again on a retried request too: the first may have failed after closing the task.
    const by = outcome.by ?? task.assignee;
    if (outcome.reached && by && task.outcome)
      await deps.customers.notePreviousContact(task.customerId, {
        managerId: by,
        at: task.outcome.recordedAt,
      });
    return task;
  }
  throw new CallTaskError(
    'conflict',
    task.outcome
      ? `the task was closed already with another outcome (${task.outcome.result})`
      : `the task is ${task.status}`,
  );
}
