/** The managers' queue: call tasks by status, assignee and due time (the byStatus index). */
import type { CallTaskFilter } from '../domain/journey/call-outcome.js';
import type { CallTaskStore } from '../ports/call-task-store.js';

export const listCallTasks = (deps: { tasks: Pick<CallTaskStore, 'list'> }, filter: CallTaskFilter) =>
  deps.tasks.list(filter);
