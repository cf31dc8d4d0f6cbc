/** Step Functions state machines as the readiness check reads them (DescribeStateMachine). */
import { DescribeStateMachineCommand, type SFNClient, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import type { StateMachineFacts } from '../domain/readiness/stage-readiness.js';
import type { StateMachines } from '../ports/readiness.js';

export class SfnStateMachines implements StateMachines {
  constructor(private readonly sfn: SFNClient) {}

  async describe(arn: string): Promise<StateMachineFacts | null> {
    try {
      const machine = await this.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
      return { name: machine.name ?? arn, status: machine.status ?? 'UNKNOWN' };
    } catch (error) {
      if (error instanceof StateMachineDoesNotExist) return null;
      throw error;
    }
  }
}
