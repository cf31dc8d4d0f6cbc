/** A manager's call task, and what its one-time schedule carries. */
import type { CallOutcome } from './call-outcome.js';

/** What the scheduled call target receives: identifiers only, the context is read when it runs. */
export interface CallSchedulePayload {
  campaignId: string;
  customerId: string;
  scheduleName: string;
}

/**
 * The manager who last reached the customer on a call, and when. A win-back call goes to someone
 * else: a customer who left after talking to one person hears a fresh voice, not the same pitch.
 */
export interface PreviousContact {
  managerId: string;
  at: string;
}

/** A manager's call task, created when a journey's last step is due. */
export interface CallTask {
  taskId: string;
  campaignId: string;
  customerId: string;
  status: 'open' | 'done' | 'cancelled';
  dueAt: string;
  createdAt: string;
  /** What the manager needs: the offer, what was sent, purchase history, lapsed categories. */
  context: Record<string, unknown>;
  /** The manager the task is given to. */
  assignee?: string;
  /** Who reached the customer last (the task is not given to them unless asked explicitly). */
  previousContact?: PreviousContact;
  outcome?: CallOutcome & { recordedAt: string };
}
