/**
 * Executions of one state machine (journeys, campaign runs). Names are deterministic, so
 * `ExecutionAlreadyExists` means "started before" — success for a retried start. Stopping one
 * that already ended is fine.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { RunStatus, WorkflowRuns } from '../ports/workflow-runs.js';

export class SfnWorkflowRuns implements WorkflowRuns {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  /** `arn:aws:states:r:a:stateMachine:Name` → `arn:aws:states:r:a:execution:Name:execution`. */
  private executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async start(name: string, input: Record<string, string>): Promise<'started' | 'exists'> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'exists';
      throw error;
    }
  }

  async stop(name: string, cause: string): Promise<void> {
    try {
      await this.sfn.send(
        new StopExecutionCommand({ executionArn: this.executionArn(name), error: 'Stopped', cause }),
      );
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }

  async status(name: string): Promise<RunStatus> {
    try {
      const out = await this.sfn.send(
        new DescribeExecutionCommand({ executionArn: this.executionArn(name) }),
      );
      return (out.status ?? 'RUNNING') as RunStatus;
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return 'NOT_FOUND';
      throw error;
    }
  }
}
