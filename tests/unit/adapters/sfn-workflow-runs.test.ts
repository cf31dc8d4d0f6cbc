/**
 * How the Step Functions adapter tells a state machine's answers apart, against a mocked SDK
 * client (the local stack never produces most of them): a start whose deterministic name was
 * taken before is `exists`, not a failure; a stop of an execution that ended or never began is
 * fine; anything else (throttling, a missing state machine, a bad name, a reset connection) is
 * passed on unchanged for the caller's retries. Plus the exact requests it makes.
 */
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  InvalidArn,
  InvalidName,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnWorkflowRuns } from '../../../functions/adapters/sfn-workflow-runs.js';

const meta = { $metadata: {}, message: 'refused' };
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:reactivate-prod-journey';
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('Step Functions workflow runs', () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());
  const runs = () => new SfnWorkflowRuns(new SFNClient({ region: 'us-east-1' }), STATE_MACHINE);

  it('starts an execution of the state machine under the given name, with the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });

    // Act
    const outcome = await runs().start('j-spring-c-1', { campaignId: 'spring', customerId: 'c-1' });

    // Assess
    expect(outcome).toBe('started');
    const input = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(input).toEqual({
      stateMachineArn: STATE_MACHINE,
      name: 'j-spring-c-1',
      input: JSON.stringify({ campaignId: 'spring', customerId: 'c-1' }),
    });
  });

  it('answers `exists` when an execution of that name was started before (a retried start)', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));

    // Act
    const outcome = await runs().start('j-spring-c-1', { campaignId: 'spring', customerId: 'c-1' });

    // Assess
    expect(outcome).toBe('exists');
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('passes any other refusal of a start on unchanged, whatever its kind', async () => {
    const errors = [
      throttled(),
      new ExecutionLimitExceeded(meta),
      new StateMachineDoesNotExist(meta),
      new InvalidName(meta),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      sfn.on(StartExecutionCommand).rejects(error);
      await expect(runs().start('j-spring-c-1', { campaignId: 'spring' }), error.name).rejects.toBe(error);
    }
  });

  it('stops the execution of that name: its ARN is the state machine ARN with execution and the name', async () => {
    // Prepare
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });

    // Act
    await runs().stop('j-spring-c-1', 'the customer bought');

    // Assess
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:reactivate-prod-journey:j-spring-c-1',
      error: 'Stopped',
      cause: 'the customer bought',
    });
  });

  it('treats a stop of an execution that does not exist (ended and gone, or never begun) as done', async () => {
    // Prepare
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist(meta));

    // Act
    const stopped = runs().stop('j-spring-c-1', 'campaign cancelled');

    // Assess
    await expect(stopped).resolves.toBeUndefined();
  });

  it('passes any other refusal of a stop on unchanged', async () => {
    const errors = [throttled(), new InvalidArn(meta), new ValidationException(meta)];
    for (const error of errors) {
      sfn.on(StopExecutionCommand).rejects(error);
      await expect(runs().stop('j-spring-c-1', 'campaign cancelled'), error.name).rejects.toBe(error);
    }
  });

  it('tells the two exceptions apart: a start is not `exists` for a missing execution, nor a stop fine for a taken name', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionDoesNotExist(meta));
    await expect(runs().start('j-spring-c-1', {})).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    sfn.on(StopExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
    await expect(runs().stop('j-spring-c-1', 'x')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });
});
