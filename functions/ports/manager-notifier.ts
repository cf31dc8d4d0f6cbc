/** Tells managers about new call tasks (adapter: SNS). */
import type { CallTask } from '../domain/journey/call-task.js';

export interface ManagerNotifier {
  notify(task: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>): Promise<void>;
}
