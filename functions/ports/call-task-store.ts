/** Where managers' call tasks are kept (adapter: DynamoDB). */
import type { CallOutcome, CallTaskFilter } from '../domain/journey/call-outcome.js';
import type { CallTask } from '../domain/journey/call-task.js';

export interface CallTaskStore {
  /** Creates the task once; `exists` when the schedule fired before (a retried target). */
  create(task: CallTask): Promise<'created' | 'exists'>;
  get(taskId: string): Promise<CallTask | undefined>;
  /** Tasks in a status by due time, optionally one manager's, optionally due by an instant. */
  list(filter: CallTaskFilter): Promise<CallTask[]>;
  /** Every task of one campaign, whatever its status (its report). */
  ofCampaign(campaignId: string): Promise<CallTask[]>;
  /** Gives the task to a manager; false when there is no such task. */
  assign(taskId: string, assignee: string): Promise<boolean>;
  /** Closes an open task with its outcome; false when it is not open (any more). */
  close(taskId: string, outcome: CallOutcome & { recordedAt: string }): Promise<boolean>;
}
