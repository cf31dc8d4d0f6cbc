/** One-time schedules of manager calls (adapter: EventBridge Scheduler). */
import type { CallSchedulePayload } from '../domain/journey/call-task.js';

export interface CallScheduler {
  /** One-time schedule at the instant; `exists` when a schedule of that name is there already. */
  schedule(name: string, at: Date, payload: CallSchedulePayload): Promise<'created' | 'exists'>;
  /** Deletes a pending schedule; a missing one is fine. */
  cancel(name: string): Promise<void>;
}
