/**
 * How the redrive targets tell their service's answers apart, against mocked SDK clients (the
 * redrive command's own test, tests/unit/cli/redrive-command.test.ts, covers their requests with
 * stub clients): a function that ran and failed (FunctionError) is a RedriveRefusedError naming
 * the function's error, however its payload reads; a state-machine run of that name started by
 * an earlier redrive (ExecutionAlreadyExists) is done; anything else — a throttle, a missing
 * function or machine, a denied permission, a reset connection — is passed on unchanged, so the
 * message stays in the queue with that error. Plus the exact request each target makes.
 */
import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  LambdaServiceException,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionLimitExceeded,
  InvalidName,
  SFNClient,
  StartExecutionCommand,
  StateMachineDeleting,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LambdaRedriveTarget,
  RedriveRefusedError,
  StateMachineRedriveTarget,
} from '../../../functions/adapters/redrive-targets.js';
import type { DeadLetter } from '../../../functions/ports/dead-letters.js';

const meta = { $metadata: {}, message: 'refused' };
const FUNCTION_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:Reactivate-prod-Workflows-CreateCallTask';
const MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ScoringStateMachine';
const letter: DeadLetter = { id: '0b6c2f0e-8a4e-4a34-9f5b-0d1c1e7c5a11', body: '{}', receipt: 'r' };
const input = { campaignId: 'spring', customerId: 'c-1', scheduleName: 'call-spring-c-1' };
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** An Invoke response's payload, as the SDK hands it over (bytes). */
const payload = (text: string) => new TextEncoder().encode(text) as InvokeCommandOutput['Payload'];

describe('Lambda redrive target', () => {
  const lambda = mockClient(LambdaClient);
  afterEach(() => lambda.reset());
  const target = () => new LambdaRedriveTarget(new LambdaClient({ region: 'eu-west-1' }), FUNCTION_ARN);

  it('invokes the function synchronously with the input as JSON, and takes a run without error as delivered', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payload('null') });

    // Act
    const delivery = target().deliver(input);

    // Assess
    await expect(delivery).resolves.toBeUndefined();
    const sent = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(sent).toMatchObject({ FunctionName: FUNCTION_ARN, InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(sent?.Payload as Uint8Array))).toEqual(input);
    expect(target().name).toBe(`function ${FUNCTION_ARN}`);
  });

  it("refuses a message whose function failed, naming the function's error type and message", async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: payload(
        JSON.stringify({ errorType: 'CallTaskStoreUnavailable', errorMessage: 'throttled', trace: ['at x'] }),
      ),
    });

    // Act
    const delivery = target().deliver(input);

    // Assess
    await expect(delivery).rejects.toBeInstanceOf(RedriveRefusedError);
    await expect(delivery).rejects.toMatchObject({
      name: 'RedriveRefusedError',
      message: 'Unhandled error: CallTaskStoreUnavailable: throttled',
    });
  });

  it('names the error by the payload as it came when it is not an error object, or none', async () => {
    const cases = [
      ['Task timed out after 30.03 seconds', 'Unhandled error: Task timed out after 30.03 seconds'],
      ['{"errorMessage":"no type"}', 'Unhandled error: no type'],
      ['{"other":1}', 'Unhandled error: {"other":1}'],
      ['null', 'Unhandled error: null'],
      ['"a string"', 'Unhandled error: "a string"'],
      [undefined, 'Unhandled error: '],
    ] as const;
    for (const [body, message] of cases) {
      lambda.on(InvokeCommand).resolves({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        ...(body === undefined ? {} : { Payload: payload(body) }),
      });
      await expect(target().deliver(input), String(body)).rejects.toThrow(new RedriveRefusedError(message));
    }
  });

  it('passes a refusal of the invoke itself on unchanged, not as a refusal by the function', async () => {
    const errors = [
      new TooManyRequestsException({
        ...meta,
        Type: 'User',
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      }),
      new ResourceNotFoundException(meta),
      new LambdaServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'User is not authorized to perform: lambda:InvokeFunction',
      }),
      reset(),
    ];
    for (const error of errors) {
      lambda.on(InvokeCommand).rejects(error);
      await expect(target().deliver(input), error.name).rejects.toBe(error);
    }
  });
});

describe('State machine redrive target', () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());
  const target = () => new StateMachineRedriveTarget(new SFNClient({ region: 'eu-west-1' }), MACHINE_ARN);

  it('starts a run of the machine named after the message, with the input as JSON', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });

    // Act
    await target().deliver(input, letter);

    // Assess
    const sent = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(sent).toEqual({
      stateMachineArn: MACHINE_ARN,
      name: `redrive-${letter.id}`,
      input: JSON.stringify(input),
    });
    // A name Step Functions accepts for an SQS message id (a UUID): at most 80 of letters, digits, - and _.
    expect(sent?.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(target().name).toBe(`state machine ${MACHINE_ARN}`);
  });

  it('takes a run of that name started by an earlier redrive as delivered while it runs or once it succeeded', async () => {
    for (const status of ['RUNNING', 'SUCCEEDED'] as const) {
      // Prepare
      sfn.reset();
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
      sfn.on(DescribeExecutionCommand).resolves({ status });

      // Act
      const delivery = target().deliver(input, letter);

      // Assess
      await expect(delivery).resolves.toBeUndefined();
      expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input.executionArn).toBe(
        `${MACHINE_ARN.replace(':stateMachine:', ':execution:')}:redrive-${letter.id}`,
      );
    }
  });

  it('keeps the letter when the earlier redrive run failed: nothing was done for it, and the name is spent', async () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const) {
      sfn.reset();
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
      sfn.on(DescribeExecutionCommand).resolves({ status });

      await expect(target().deliver(input, letter)).rejects.toThrow(new RegExp(`ended ${status}`));
    }
  });

  it('passes any other refusal on unchanged, so the message stays in the queue', async () => {
    const errors = [
      new ExecutionLimitExceeded(meta),
      new StateMachineDoesNotExist(meta),
      new StateMachineDeleting(meta),
      new InvalidName(meta),
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      reset(),
    ];
    for (const error of errors) {
      sfn.on(StartExecutionCommand).rejects(error);
      await expect(target().deliver(input, letter), error.name).rejects.toBe(error);
    }
  });
});
