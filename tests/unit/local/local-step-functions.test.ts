/**
 * The local runtime's handling of Lambda's refusals, on a one-task state machine: the task's own
 * Retry of `Lambda.TooManyRequestsException` is carried out on the stack's clock, and the retry
 * then waits for a free instance instead of being refused again with the rest of its cohort.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionName } from '../../../functions/manifest/functions.js';
import { startLocalClock } from '../../../lib/local/local-clock.js';
import type { LocalFunctions } from '../../../lib/local/local-functions.js';
import { LocalLambdaConcurrency } from '../../../lib/local/local-lambda.js';
import {
  type LocalExecution,
  LocalStepFunctions,
  localStateMachineArn,
} from '../../../lib/local/local-step-functions.js';

const FN_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:Step';
const FN = 'startJourney' as FunctionName;

/** One task whose refusal is retried `maxAttempts` times, a second apart, with no jitter. */
const workflowRetrying = (maxAttempts: number) => ({
  name: 'OneStep',
  functions: { [FN_ARN]: FN },
  definition: {
    StartAt: 'Step',
    States: {
      Step: {
        Type: 'Task',
        Resource: FN_ARN,
        Retry: [
          { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: maxAttempts },
        ],
        End: true,
      },
    },
  },
});

const functions = (ms: number): LocalFunctions => ({
  environment: () => ({}),
  handler: async () => async (event) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return event;
  },
});

const settled = async (executions: LocalExecution[]) => {
  while (executions.some((e) => e.status === 'RUNNING')) await new Promise((r) => setTimeout(r, 10));
  return executions.map((e) => e.status);
};

describe('the local Step Functions runtime under Lambda throttling', () => {
  let sfn: LocalStepFunctions | undefined;
  afterEach(() => sfn?.close());

  it('retries a refused cohort once capacity is free: executions that wake together do not exhaust their attempts', async () => {
    // A day per second: the retries of every refused execution are due in the same clock second.
    const clock = startLocalClock(86_400);
    const lambda = new LocalLambdaConcurrency(1);
    sfn = new LocalStepFunctions([workflowRetrying(1)], functions(20), clock, [], lambda);
    const arn = localStateMachineArn('OneStep');

    const executions = Array.from({ length: 5 }, (_, i) => sfn?.start(arn, `e${i}`, '{}') as LocalExecution);

    expect(await settled(executions)).toEqual(executions.map(() => 'SUCCEEDED'));
    // Four were refused at first; each ran on its single retry, with never more than one instance.
    expect(lambda.stats()).toMatchObject({ throttled: 4, peak: 1 });
    expect(executions.map((e) => e.invocations)).toEqual([1, 1, 1, 1, 1]);
  });

  it('still fails a task whose refusals outlast its attempts, through the Retry as deployed', async () => {
    const clock = startLocalClock(86_400);
    const lambda = new LocalLambdaConcurrency(1);
    sfn = new LocalStepFunctions([workflowRetrying(0)], functions(20), clock, [], lambda);
    const arn = localStateMachineArn('OneStep');

    const executions = Array.from({ length: 3 }, (_, i) => sfn?.start(arn, `e${i}`, '{}') as LocalExecution);

    expect((await settled(executions)).sort()).toEqual(['FAILED', 'FAILED', 'SUCCEEDED']);
    expect(executions.filter((e) => e.status === 'FAILED').map((e) => e.error)).toEqual([
      'Lambda.TooManyRequestsException',
      'Lambda.TooManyRequestsException',
    ]);
  });
});
