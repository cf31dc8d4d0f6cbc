/**
 * How the state-machine adapter of the readiness check reads Step Functions, against a mocked
 * SDK client (the local stack never denies or throttles): a machine that does not exist
 * (StateMachineDoesNotExist) is the answer null, and every other refusal — a denied permission
 * (to the machine or to its KMS key), throttling, an ARN Step Functions rejects — is passed on
 * unchanged, for the check to report as one it could not make. Plus the exact request it makes
 * and how it reads the machine.
 */
import {
  DescribeStateMachineCommand,
  InvalidArn,
  KmsAccessDeniedException,
  SFNClient,
  SFNServiceException,
  StateMachineDoesNotExist,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnStateMachines } from '../../../functions/adapters/sfn-state-machines.js';

const meta = { $metadata: {}, message: 'refused' };
const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reactivate-prod-journey';
/** Errors Step Functions does not model: a missing states:DescribeStateMachine, and throttling. */
const unmodelled = (name: string, message: string) =>
  new SFNServiceException({ name, $fault: 'client', $metadata: {}, message });

describe('Step Functions state machines', () => {
  const sfn = mockClient(SFNClient);
  afterEach(() => sfn.reset());
  const machines = () => new SfnStateMachines(new SFNClient({ region: 'eu-west-1' }));

  it('describes the machine by ARN and answers its name and status', async () => {
    // Prepare
    sfn.on(DescribeStateMachineCommand).resolves({
      stateMachineArn: ARN,
      name: 'reactivate-prod-journey',
      status: 'ACTIVE',
      definition: '{}',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      type: 'STANDARD',
      creationDate: new Date(),
    });

    // Act
    const facts = await machines().describe(ARN);

    // Assess
    expect(facts).toEqual({ name: 'reactivate-prod-journey', status: 'ACTIVE' });
    expect(sfn.commandCalls(DescribeStateMachineCommand)[0]?.args[0].input).toEqual({ stateMachineArn: ARN });
  });

  it('names a machine by its ARN, with status UNKNOWN, when the answer leaves them out', async () => {
    // Prepare
    sfn.on(DescribeStateMachineCommand).resolves({});

    // Act
    const facts = await machines().describe(ARN);

    // Assess
    expect(facts).toEqual({ name: ARN, status: 'UNKNOWN' });
  });

  it('answers null for a machine that does not exist', async () => {
    // Prepare
    sfn.on(DescribeStateMachineCommand).rejects(new StateMachineDoesNotExist(meta));

    // Act
    const facts = await machines().describe(ARN);

    // Assess
    expect(facts).toBeNull();
  });

  it('passes any other refusal on unchanged, denied permissions and a rejected ARN included', async () => {
    const errors = [
      unmodelled('AccessDeniedException', 'User is not authorized to perform: states:DescribeStateMachine'),
      unmodelled('ThrottlingException', 'Rate exceeded'),
      new InvalidArn(meta),
      // A machine encrypted with a key the role may not use.
      new KmsAccessDeniedException(meta),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    for (const error of errors) {
      sfn.on(DescribeStateMachineCommand).rejects(error);
      await expect(machines().describe(ARN), error.name).rejects.toBe(error);
    }
  });
});
