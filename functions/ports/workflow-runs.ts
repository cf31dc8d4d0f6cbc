/** Executions of a state machine (adapter: Step Functions). */

/** Executions of one state machine (journeys, campaigns), named deterministically. */
export interface WorkflowRuns {
  /** Starts an execution; `exists` when an execution of that name was started before. */
  start(name: string, input: Record<string, string>): Promise<'started' | 'exists'>;
  /** Stops an execution; one that already ended (or never began) is fine. */
  stop(name: string, cause: string): Promise<void>;
  /** Where an execution stands; `NOT_FOUND` when none of that name was ever started. */
  status(name: string): Promise<RunStatus>;
}

export type RunStatus =
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'PENDING_REDRIVE'
  | 'NOT_FOUND';

/** The journeys' state machine executions. */
export type JourneyRuns = WorkflowRuns;
