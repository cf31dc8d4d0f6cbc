/**
 * The targets a dead letter goes back to. A function is invoked synchronously (RequestResponse),
 * not queued again: the redrive then knows whether the message was taken and deletes it only
 * then. A state machine gets a run named after the message, so a repeated redrive starts none twice.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DeadLetter, RedriveTarget } from '../ports/dead-letters.js';

export class RedriveRefusedError extends Error {
  override readonly name = 'RedriveRefusedError';
}

export class LambdaRedriveTarget implements RedriveTarget {
  readonly name: string;

  constructor(
    private readonly lambda: Pick<LambdaClient, 'send'>,
    private readonly functionArn: string,
  ) {
    this.name = `function ${functionArn}`;
  }

  async deliver(input: unknown): Promise<void> {
    const response = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionArn,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(input)),
      }),
    );
    if (response.FunctionError) {
      const payload = response.Payload ? new TextDecoder().decode(response.Payload) : '';
      let message = payload;
      try {
        const parsed = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
        message = [parsed.errorType, parsed.errorMessage].filter(Boolean).join(': ') || payload;
      } catch {
        // Not JSON: the payload as it came.
      }
      throw new RedriveRefusedError(`${response.FunctionError} error: ${message}`);
    }
  }
}

export class StateMachineRedriveTarget implements RedriveTarget {
  readonly name: string;

  constructor(
    private readonly sfn: Pick<SFNClient, 'send'>,
    private readonly stateMachineArn: string,
  ) {
    this.name = `state machine ${stateMachineArn}`;
  }

  async deliver(input: unknown, letter: DeadLetter): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          // Message ids are UUIDs: a valid execution name (≤ 80 of letters, digits, - and _).
          name: `redrive-${letter.id}`,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      // Started by an earlier redrive of the same message, whose delete did not happen. Delivered
      // if that run is going or went well; a run that failed has done nothing for the letter, and
      // its name cannot be used again (90 days): the letter stays in the queue, with the reason.
      const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:redrive-${letter.id}`;
      const { status } = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (status === 'RUNNING' || status === 'SUCCEEDED' || status === 'PENDING_REDRIVE') return;
      throw new RedriveRefusedError(
        `an earlier redrive of this message ran as ${executionArn} and ended ${status}; look at that run (Step Functions can redrive it), then delete the message`,
      );
    }
  }
}
