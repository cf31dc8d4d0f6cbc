/**
 * `reactivate redrive` without AWS: the workflow stack's outputs read into queues and targets,
 * the command over a fake AWS side, and the adapters' exact SDK requests (stub clients).
 */
import type { Output } from '@aws-sdk/client-cloudformation';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  LambdaRedriveTarget,
  RedriveRefusedError,
  StateMachineRedriveTarget,
} from '../../../functions/adapters/redrive-targets.js';
import { SqsDeadLetterQueue } from '../../../functions/adapters/sqs-dead-letter-queue.js';
import type { DeadLetter } from '../../../functions/ports/dead-letters.js';
import { UsageError } from '../../../lib/cli/import-command.js';
import {
  type RedriveAws,
  redriveCommand,
  redriveLines,
  redriveOutputs,
  redriveSucceeded,
} from '../../../lib/cli/redrive-command.js';
import type { RedriveOutput } from '../../../lib/dead-letter-queues.js';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/Reactivate-prod-Workflows-CallSchedules';
const FUNCTION_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:Reactivate-prod-Workflows-CreateCallTask';
const FEEDBACK_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/Reactivate-prod-Workflows-Feedback';
const FEEDBACK_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:Reactivate-prod-Workflows-Feedback';

/** Outputs as CloudFormation returns them for a stage whose scoring schedule is off. */
const OUTPUTS: Output[] = [
  {
    OutputKey: 'HttpApiEndpoint8C09F0A1',
    OutputValue: 'https://example.execute-api.eu-west-1.amazonaws.com/prod/',
  },
  {
    OutputKey: 'RedriveCallSchedules',
    OutputValue: JSON.stringify({
      queue: 'call-schedules',
      queueUrl: QUEUE_URL,
      target: 'function',
      targetArn: FUNCTION_ARN,
    }),
  },
  {
    OutputKey: 'RedriveEmailFeedback',
    OutputValue: JSON.stringify({
      queue: 'email-feedback',
      queueUrl: FEEDBACK_URL,
      target: 'function',
      targetArn: FEEDBACK_ARN,
    }),
  },
];

/** The AWS side with in-memory queues: a queue URL's bodies, and what each target received. */
function fakeAws(bodies: Record<string, string[]>, refuse = new Set<string>()) {
  const delivered: { target: string; input: unknown }[] = [];
  const stacks: string[] = [];
  let closed = false;
  const aws: RedriveAws = {
    async stackOutputs(name) {
      stacks.push(name);
      return name === 'Reactivate-prod-Workflows' ? OUTPUTS : null;
    },
    queue(url) {
      const letters: DeadLetter[] = (bodies[url] ?? []).map((body, i) => ({
        id: `m${i}`,
        body,
        receipt: `r${i}`,
      }));
      return {
        depth: async () => ({ waiting: letters.length, inFlight: 0 }),
        receive: async (max) => letters.splice(0, max),
        remove: async () => undefined,
      };
    },
    target(output: RedriveOutput) {
      return {
        name: `${output.target} ${output.targetArn}`,
        async deliver(input) {
          if (refuse.has(JSON.stringify(input))) throw new Error('still failing');
          delivered.push({ target: output.targetArn, input });
        },
      };
    },
    close() {
      closed = true;
    },
  };
  return { aws, delivered, stacks, closed: () => closed };
}

describe('redrive outputs of the workflow stack', () => {
  it('reads each queue and its target, and leaves out a queue the stage does not have', () => {
    const found = redriveOutputs(OUTPUTS);

    expect(found['call-schedules']).toEqual({
      queue: 'call-schedules',
      queueUrl: QUEUE_URL,
      target: 'function',
      targetArn: FUNCTION_ARN,
    });
    expect(found['email-feedback']?.targetArn).toBe(FEEDBACK_ARN);
    expect(found['scoring-schedule']).toBeUndefined();
  });

  it('refuses an output another version wrote, naming it', () => {
    expect(() =>
      redriveOutputs([{ OutputKey: 'RedriveCallSchedules', OutputValue: '{"queue":"call-schedules"}' }]),
    ).toThrow(/RedriveCallSchedules/);
  });
});

describe('reactivate redrive', () => {
  it('counts every queue of the stage with --dry-run and moves nothing', async () => {
    // Prepare
    const fake = fakeAws({ [QUEUE_URL]: ['{"a":1}', '{"a":2}'], [FEEDBACK_URL]: [] });

    // Act
    const report = await redriveCommand({ stage: 'prod', dryRun: true, max: 1000 }, fake.aws);

    // Assess
    expect(fake.stacks).toEqual(['Reactivate-prod-Workflows']);
    expect(report.queues).toEqual([
      {
        queue: 'call-schedules',
        deployed: true,
        target: `function ${FUNCTION_ARN}`,
        waiting: 2,
        inFlight: 0,
      },
      {
        queue: 'email-feedback',
        deployed: true,
        target: `function ${FEEDBACK_ARN}`,
        waiting: 0,
        inFlight: 0,
      },
      { queue: 'scoring-schedule', deployed: false },
    ]);
    expect(fake.delivered).toEqual([]);
    expect(fake.closed()).toBe(true);
    expect(redriveLines(report)).toEqual([
      'stage prod (Reactivate-prod-Workflows) — dry run, nothing moved',
      `  call-schedules: 2 messages waiting, 0 in flight → function ${FUNCTION_ARN}`,
      '    (call schedules EventBridge Scheduler could not deliver, and call tasks that failed to be created)',
      `  email-feedback: 0 messages waiting, 0 in flight → function ${FEEDBACK_ARN}`,
      '    (SES events EventBridge could not deliver, and events the feedback function failed on)',
      '  scoring-schedule: not deployed in this stage',
    ]);
  });

  it('hands the messages of the named queue to its target and reports what was refused again', async () => {
    const fake = fakeAws({ [QUEUE_URL]: ['{"a":1}', '{"a":2}', '{"a":3}'] }, new Set(['{"a":2}']));

    const report = await redriveCommand(
      { stage: 'prod', queue: 'call-schedules', dryRun: false, max: 1000 },
      fake.aws,
    );

    expect(fake.delivered).toEqual([
      { target: FUNCTION_ARN, input: { a: 1 } },
      { target: FUNCTION_ARN, input: { a: 3 } },
    ]);
    expect(report.queues[0]?.result).toEqual({ redriven: 2, failed: [{ id: 'm1', error: 'still failing' }] });
    expect(redriveSucceeded(report)).toBe(false);
    expect(redriveLines(report).slice(-2)).toEqual([
      '    redriven: 2 messages, refused again: 1',
      '    m1: still failing',
    ]);
  });

  it('asks for a queue unless it only counts', async () => {
    const fake = fakeAws({});

    await expect(redriveCommand({ stage: 'prod', dryRun: false, max: 10 }, fake.aws)).rejects.toThrow(
      UsageError,
    );
    expect(fake.stacks).toEqual([]);
  });

  it('says so when the stage has no workflow stack in the region', async () => {
    const fake = fakeAws({});

    await expect(redriveCommand({ stage: 'staging', dryRun: true, max: 10 }, fake.aws)).rejects.toThrow(
      /no stack Reactivate-staging-Workflows in this region/,
    );
    expect(fake.closed()).toBe(true);
  });
});

/** A stub SDK client: records each command and answers from `reply`. */
function stubClient(reply: (command: unknown) => unknown) {
  const sent: unknown[] = [];
  return {
    sent,
    client: {
      send: async (command: unknown) => {
        sent.push(command);
        return reply(command);
      },
    } as never,
  };
}

describe('redrive adapters', () => {
  const letter: DeadLetter = { id: '0b6c2f0e-8a4e-4a34-9f5b-0d1c1e7c5a11', body: '{}', receipt: 'r' };

  it('invokes a function synchronously with the event, so a refusal is known', async () => {
    const stub = stubClient(() => ({ StatusCode: 200 }));

    await new LambdaRedriveTarget(stub.client, FUNCTION_ARN).deliver({ scheduleName: 's-1' });

    const command = stub.sent[0] as InvokeCommand;
    expect(command).toBeInstanceOf(InvokeCommand);
    expect(command.input.FunctionName).toBe(FUNCTION_ARN);
    expect(command.input.InvocationType).toBe('RequestResponse');
    expect(new TextDecoder().decode(command.input.Payload as Uint8Array)).toBe('{"scheduleName":"s-1"}');
  });

  it("turns a function's error into a refusal that names it", async () => {
    const payload = new TextEncoder().encode(
      JSON.stringify({ errorType: 'ValidationError', errorMessage: 'no such campaign' }),
    );
    const stub = stubClient(() => ({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload }));

    const delivery = new LambdaRedriveTarget(stub.client, FUNCTION_ARN).deliver({});

    await expect(delivery).rejects.toThrow(RedriveRefusedError);
    await expect(delivery).rejects.toThrow('Unhandled error: ValidationError: no such campaign');
  });

  it('starts a state machine run named after the message, and takes a run already started (and going) as done', async () => {
    const machine = 'arn:aws:states:eu-west-1:123456789012:stateMachine:ScoringStateMachine';
    const started = stubClient(() => ({ executionArn: 'arn' }));
    const existing = stubClient((command) => {
      if (command instanceof StartExecutionCommand)
        throw Object.assign(new Error('Execution Already Exists'), { name: 'ExecutionAlreadyExists' });
      return { status: 'RUNNING' };
    });

    await new StateMachineRedriveTarget(started.client, machine).deliver({}, letter);
    await new StateMachineRedriveTarget(existing.client, machine).deliver({}, letter);

    const command = started.sent[0] as StartExecutionCommand;
    expect(command).toBeInstanceOf(StartExecutionCommand);
    expect(command.input).toEqual({ stateMachineArn: machine, name: `redrive-${letter.id}`, input: '{}' });
  });

  it('receives messages hidden long enough for their target, and reads the depth', async () => {
    const stub = stubClient((command) =>
      command instanceof GetQueueAttributesCommand
        ? { Attributes: { ApproximateNumberOfMessages: '4', ApproximateNumberOfMessagesNotVisible: '1' } }
        : { Messages: [{ MessageId: 'm', ReceiptHandle: 'h', Body: '{}' }, { Body: 'no id' }] },
    );
    const queue = new SqsDeadLetterQueue(stub.client, QUEUE_URL);

    expect(await queue.depth()).toEqual({ waiting: 4, inFlight: 1 });
    expect(await queue.receive(10)).toEqual([{ id: 'm', body: '{}', receipt: 'h' }]);
    const receive = stub.sent[1] as ReceiveMessageCommand;
    expect(receive).toBeInstanceOf(ReceiveMessageCommand);
    expect(receive.input).toMatchObject({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
    });
  });
});
