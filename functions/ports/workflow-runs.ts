/** Executions of a state machine (adapter: Step Functions). */

/** Executions of one state machine (journeys, campaigns), named deterministically. */
export interface WorkflowRuns {
  /** Starts an execution; `exists` when an execution of that name was started before. */
  start(name: string, input: Record<string, string>): Promise<'started' | 'exists'>;
  /** Stops an execution; one that already ended (or never began) is fine. */
  stop(name: string, cause: string): Promise<void>;
}

/** The journeys' state machine executions. */
export type JourneyRuns = WorkflowRuns;
