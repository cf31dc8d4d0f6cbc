/**
 * Step Functions for the local stack: the journey and campaign state machines' definitions are
 * taken from the synthesized CDK template and run by aws-local-stepfunctions, its Lambda tasks by
 * the project's own handlers in this process, under Lambda's concurrency limit (local-lambda.ts).
 * The workarounds for the library's gaps live here, never in the production definition:
 *  - `Promise.withResolvers` is polyfilled (Node 20);
 *  - Wait states (`TimestampPath` or `Seconds`) become local tasks that sleep by the stack's clock
 *    (the library sleeps by the real one, so a time scale would not reach them); the number of
 *    states a journey passes through is unchanged;
 *  - the execution's own timeout is kept by the stack's clock too (the library would count it in
 *    real time: at a day per second, a year's journey would time out after six busy minutes);
 *  - between its waits an execution holds the sped-up clock (local-clock.ts): steps and
 *    transitions take no simulated time, retries included;
 *  - Lambda's refusals are retried by the definition's own Retry on the stack's clock (a wait in
 *    simulated time: see THROTTLED); other retries keep their backoff and jitter, their intervals
 *    scaled: by the clock for a retry that waits for something in simulated time (a send lease),
 *    to a fraction of real time for a timeout or a failure;
 *  - a task's timeout is measured around its handler's run only (a refused invocation's retries do
 *    not count), and is five times its deployed one (the emulators share this process, and under
 *    load a step is slow here where it is quick in AWS);
 *  - a Task's explicit `ResultPath: "$"` is dropped (the same as the default, which the library
 *    gets right, while it stores an explicit "$" under a key of that name).
 * Executions are kept in memory with the real service's naming rules: a name is used once, and a
 * repeated start of a running execution with the same input returns it again. A finished one
 * keeps its summary only (status, counts), so memory follows the executions still running.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import type { FunctionName } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import type { LocalClock } from './local-clock.js';
import { functionNamed, type LocalFunctions } from './local-functions.js';
import { LambdaThrottledError, LocalLambdaConcurrency } from './local-lambda.js';

if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: an ASL document is free-form JSON
type Asl = any;

const LOCAL_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const REGION_ACCOUNT = 'us-east-1:000000000000';
const MAX_TIMEOUT_SECONDS = 2_000_000;

/** The ARN the local stack gives a state machine of that name. */
export const localStateMachineArn = (name: string) => `arn:aws:states:${REGION_ACCOUNT}:stateMachine:${name}`;

export interface SynthesizedWorkflow {
  name: string;
  definition: Asl;
  /** The function of each task, by the function's ARN in the definition. */
  functions: Record<string, FunctionName>;
}

/** The state machines the local stack runs, by construct id. */
export const LOCAL_WORKFLOWS = ['Journeys', 'Campaigns'] as const;

/** Synthesizes the app (no bundling) and returns the journey and campaign state machines as deployed. */
export async function synthesizeWorkflows(config: StageConfig): Promise<SynthesizedWorkflow[]> {
  const { buildApp } = await import('../app.js');
  const { workflows: stack } = buildApp(
    // Only the definitions are needed here: no bundling, no Guard run (cdk-nag is quick), and not
    // CDK's built-in CloudFormation validation. `cdk synth` and the infrastructure tests run it; here
    // it more than doubled the synthesis (2.3 → 5.8 s) and its WebAssembly validator kept 190 MB of
    // memory for the life of the local stack.
    {
      context: { 'aws:cdk:bundling-stacks': [], guard: false },
      builtinCloudFormationValidation: false,
    },
    // No region: the ARNs keep their pseudo-parameters, which the local runtime fills in below.
    { config, defaultEnv: {} },
  );
  const resources = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  const functions: Record<string, FunctionName> = {};
  for (const fn of [
    ...Object.values(stack.journeys.functions),
    ...Object.values(stack.campaigns.functions),
  ]) {
    const id = stack.resolve(stack.getLogicalId(fn.function.node.defaultChild as CfnFunction)) as string;
    functions[`${LOCAL_ARN}${id}`] = functionNamed(fn.spec);
  }
  return LOCAL_WORKFLOWS.map((construct) => {
    const machine = Object.entries(resources).find(([id]) => id.startsWith(`${construct}StateMachine`));
    if (!machine) throw new Error(`the workflow stack has no ${construct} state machine`);
    const parts = machine[1].Properties.DefinitionString['Fn::Join'][1] as unknown[];
    const text = parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        if (getAtt) return `${LOCAL_ARN}${getAtt[0]}`;
        return REGION_ACCOUNT; // AWS::Region / AWS::AccountId / AWS::Partition references
      })
      .join('');
    return { name: machine[1].Properties.StateMachineName, definition: JSON.parse(text), functions };
  });
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface LocalExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  error?: string;
  cause?: string;
  /** States entered so far: Step Functions bills state transitions. */
  transitions: number;
  /** Lambda task invocations so far (retries included): Lambda bills requests. */
  invocations: number;
  abort: AbortController;
}

/** A task state that fails on every attempt for some customers or campaigns (tests of the failure paths). */
export interface LocalFault {
  state: string;
  customerIds?: readonly string[];
  campaignIds?: readonly string[];
}

const faultHits = (fault: LocalFault, state: string, event: unknown) => {
  const { customerId, campaignId } = (event ?? {}) as { customerId?: string; campaignId?: string };
  return (
    fault.state === state &&
    ((customerId !== undefined && (fault.customerIds ?? []).includes(customerId)) ||
      (campaignId !== undefined && (fault.campaignIds ?? []).includes(campaignId)))
  );
};

/** What an injected fault throws: a task failure that no retry mends. */
export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFault';
}

export class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Retries that wait for something in simulated time: a send another invocation holds (its lease
 * is read by the clock). Every other retry waits for capacity or for a fault to pass, in real time.
 */
const CLOCK_RETRIES = new Set(['SendInFlight']);

/**
 * Lambda's refusal. Its Retry (the definition's own: interval, backoff, attempts, maximum delay,
 * jitter) is carried out by the local runtime on the stack's clock, as a wait in simulated time,
 * instead of by the library's real-time sleep: a sped-up clock moves only once the busy executions
 * have reached their waits, so no customer's day is lost to a backoff. After its wait, the retry
 * takes the next free instance (it queues for one, as an asynchronous invocation does) instead of
 * being refused again: in AWS a retry seconds later finds the instances of milliseconds-long
 * invocations free, while here those seconds are microseconds, and every execution refused in
 * the same burst retries in the same second of the clock. Refused again and again together, a
 * launch's cohort of thousands ran out of attempts (2 of the walkthrough's 21,215 journeys
 * failed so). A refusal with no retry left goes to the state's Catch, as in AWS.
 */
const THROTTLED = 'Lambda.TooManyRequestsException';

interface ThrottleRetry {
  intervalSeconds: number;
  backoffRate: number;
  maxAttempts: number;
  maxDelaySeconds?: number;
  fullJitter: boolean;
}

/**
 * Other real-time retries (a timeout, a failure) take this share of their interval in AWS when the
 * clock runs fast: a sped-up run need not wait out the full backoff, yet still spreads its
 * retries. At real time (scale 1) they are as deployed.
 */
const FAST_RETRY_SHARE = 0.1;

/**
 * A task's timeout here is this many times its deployed one. The emulators run in this one
 * process: under a campaign's load a DynamoDB request that takes milliseconds in AWS waits
 * behind thousands of others in dynalite, and a step that is simply slow here must not time out
 * as a hung one would in AWS.
 */
const LOCAL_TASK_TIME_FACTOR = 5;

/** What Step Functions gives a Task without `TimeoutSeconds` (the library's own default is 60). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** A task's handler ran past the task's timeout: what Step Functions reports (`States.Timeout`). */
class TaskTimeoutError extends Error {
  override readonly name = 'States.Timeout';
}

/** The handler's run, failed with `States.Timeout` once it outlasts `ms` (it goes on in the background, as a Lambda past its task's timeout does). */
function withTimeout<T>(run: Promise<T>, ms: number): Promise<T> {
  if (ms >= MAX_TIMEOUT_SECONDS * 1000) return run;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TaskTimeoutError('States.Timeout')), ms);
  });
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

/** The shortest retry interval kept (seconds): a zero interval would retry in the same tick. */
const MIN_RETRY_SECONDS = 0.005;

/** One synthesized state machine, prepared for aws-local-stepfunctions at one clock speed. */
class LocalStateMachine {
  readonly machine: StateMachine;
  readonly waitStates: string[] = [];
  readonly taskFunctions: Record<string, FunctionName> = {};
  /** Each task's Retry of Lambda's refusal, carried out on the clock (see THROTTLED). */
  readonly throttleRetries: Record<string, ThrottleRetry> = {};
  /** Each task's timeout (real milliseconds), measured around its handler's run. */
  readonly taskTimeoutsMs: Record<string, number> = {};
  /** The execution's timeout in clock milliseconds (the library's own would run in real time). */
  readonly timeoutMs: number | undefined;

  constructor(workflow: SynthesizedWorkflow, scale: number) {
    const definition = structuredClone(workflow.definition);
    this.timeoutMs = definition.TimeoutSeconds ? definition.TimeoutSeconds * 1000 : undefined;
    delete definition.TimeoutSeconds;
    this.prepare(definition.States, workflow, scale);
    // The production definition passes asl-validator in the infrastructure tests; this one has
    // fractional retry intervals, which only the local runtime understands.
    this.machine = new StateMachine(definition, { validationOptions: { noValidate: true } });
  }

  /** Rewrites timestamp waits, scales retries and records task handlers, inside Map iterations too. */
  private prepare(states: Record<string, Asl>, workflow: SynthesizedWorkflow, scale: number): void {
    for (const [name, state] of Object.entries<Asl>(states)) {
      if (state.Type === 'Wait' && (state.TimestampPath || state.Seconds !== undefined)) {
        const { TimestampPath, Seconds, Comment: _comment, ...rest } = state;
        states[name] = {
          ...rest,
          Type: 'Task',
          Resource: `${LOCAL_ARN}LocalWait`,
          Parameters: TimestampPath ? { 'until.$': TimestampPath } : { seconds: Seconds },
          ResultPath: null,
          TimeoutSeconds: MAX_TIMEOUT_SECONDS,
        };
        this.waitStates.push(name);
      } else if (state.Type === 'Task') {
        // `ResultPath: "$"` (the result replaces the state) is the default; the library would
        // store the result under a key named "$" instead.
        if (state.ResultPath === '$') delete state.ResultPath;
        const fn = workflow.functions[state.Resource];
        if (!fn) throw new Error(`task ${name} calls ${state.Resource}, which has no local handler`);
        this.taskFunctions[name] = fn;
        // The task's timeout is kept here around the handler's own run (a refused invocation's
        // retries on the clock must not count against it); the library's own timer is set aside.
        this.taskTimeoutsMs[name] =
          (state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS) * LOCAL_TASK_TIME_FACTOR * 1000;
        state.TimeoutSeconds = MAX_TIMEOUT_SECONDS;
        for (const retry of state.Retry ?? []) {
          const errors = retry.ErrorEquals as string[];
          if (errors.includes(THROTTLED) && !this.throttleRetries[name]) {
            this.throttleRetries[name] = {
              intervalSeconds: retry.IntervalSeconds ?? 1,
              backoffRate: retry.BackoffRate ?? 2,
              maxAttempts: retry.MaxAttempts ?? 3,
              ...(retry.MaxDelaySeconds ? { maxDelaySeconds: retry.MaxDelaySeconds } : {}),
              fullJitter: retry.JitterStrategy === 'FULL',
            };
            // The refusal still matches here first, as in AWS, and is not retried again.
            retry.MaxAttempts = 0;
            continue;
          }
          const share = errors.some((e) => CLOCK_RETRIES.has(e))
            ? 1 / scale
            : scale <= 1
              ? 1
              : FAST_RETRY_SHARE;
          retry.IntervalSeconds = Math.max(MIN_RETRY_SECONDS, (retry.IntervalSeconds ?? 1) * share);
          if (retry.MaxDelaySeconds)
            retry.MaxDelaySeconds = Math.max(MIN_RETRY_SECONDS, retry.MaxDelaySeconds * share);
        }
      } else if (state.Type === 'Map') {
        this.prepare((state.ItemProcessor ?? state.Iterator).States, workflow, scale);
      }
    }
  }
}

/** The journey and campaign state machines of the local stack, and their executions. */
export class LocalStepFunctions {
  private readonly workflows = new Map<string, SynthesizedWorkflow>();
  /** Prepared machines by ARN, for the clock speed they were prepared at. */
  private readonly machines = new Map<string, { scale: number; machine: LocalStateMachine }>();
  private readonly executions = new Map<string, LocalExecution>();
  constructor(
    workflows: readonly SynthesizedWorkflow[],
    private readonly functions: LocalFunctions,
    private readonly clock: LocalClock,
    private readonly faults: readonly LocalFault[] = [],
    readonly lambda: LocalLambdaConcurrency = new LocalLambdaConcurrency(),
  ) {
    for (const workflow of workflows) this.workflows.set(localStateMachineArn(workflow.name), workflow);
  }

  /** The machine for the clock's current speed (the demo speeds the clock up after seeding). */
  private machineFor(arn: string): LocalStateMachine | undefined {
    const workflow = this.workflows.get(arn);
    if (!workflow) return undefined;
    const prepared = this.machines.get(arn);
    if (prepared?.scale === this.clock.scale) return prepared.machine;
    const machine = new LocalStateMachine(workflow, this.clock.scale);
    this.machines.set(arn, { scale: this.clock.scale, machine });
    return machine;
  }

  start(stateMachineArn: string, name: string, input: string): LocalExecution {
    const local = this.machineFor(stateMachineArn);
    if (!local)
      throw new ServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const abort = new AbortController();
    const execution: LocalExecution = {
      executionArn: arn,
      stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate: this.clock.now(),
      transitions: 0,
      invocations: 0,
      abort,
    };
    this.executions.set(arn, execution);
    // Between its waits an execution holds the sped-up clock: its steps and the transitions
    // between them take no simulated time (milliseconds in AWS; on a busy laptop, tens of real
    // milliseconds — an hour of a customer's day at a day per second). Simulated time passes
    // only while every execution waits. So a task Lambda refused, waiting for its retry, holds
    // it too, as the seconds that takes in AWS are nothing against a customer's day.
    let held: (() => void) | undefined = this.clock.hold();
    const release = () => {
      held?.();
      held = undefined;
    };
    const overrides: Record<string, (input: unknown) => Promise<never>> = {};
    for (const [state, fn] of Object.entries(local.taskFunctions))
      overrides[state] = async (event) => {
        const handler = await this.functions.handler(fn);
        const retry = local.throttleRetries[state];
        for (let attempt = 0; ; attempt++) {
          try {
            const run = async () => {
              // A retry queued for an instance may get one after its execution was stopped.
              if (abort.signal.aborted)
                throw new ServiceError('ExecutionAborted', 'the execution was stopped');
              execution.invocations++;
              if (this.faults.some((fault) => faultHits(fault, state, event)))
                throw new InjectedFaultError(`injected fault in ${state}`);
              return withTimeout(handler(event), local.taskTimeoutsMs[state] ?? Number.POSITIVE_INFINITY);
            };
            // A retry waits for a free instance rather than being refused again (see THROTTLED).
            return (await (attempt === 0
              ? this.lambda.invoke(fn, run)
              : this.lambda.invokeAsync(fn, run))) as never;
          } catch (error) {
            if (!(error instanceof LambdaThrottledError) || !retry || attempt >= retry.maxAttempts)
              throw error;
            const ceiling = Math.min(
              retry.intervalSeconds * retry.backoffRate ** attempt,
              retry.maxDelaySeconds ?? Number.POSITIVE_INFINITY,
            );
            const seconds = retry.fullJitter ? Math.random() * ceiling : ceiling;
            release();
            await this.clock.sleepUntil(this.clock.now() + seconds * 1000, abort.signal);
            held ??= this.clock.hold();
            if (abort.signal.aborted) throw error;
          }
        }
      };
    for (const state of local.waitStates)
      overrides[state] = async (event) => {
        const wait = event as { until?: string; seconds?: number };
        const until = wait.until ? Date.parse(wait.until) : this.clock.now() + (wait.seconds ?? 0) * 1000;
        release();
        await this.clock.sleepUntil(until, abort.signal);
        held ??= this.clock.hold();
        return {} as never;
      };
    const run = local.machine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: overrides },
      noThrowOnAbort: true,
      context: { Execution: { Id: arn, Name: name } },
    });
    const onAbort = () => run.abort();
    abort.signal.addEventListener('abort', onAbort, { once: true });
    // The execution's timeout, by the clock: the run is stopped and reported TIMED_OUT.
    const timeout = new AbortController();
    if (local.timeoutMs !== undefined)
      void this.clock.sleepUntil(execution.startDate + local.timeoutMs, timeout.signal).then(() => {
        if (timeout.signal.aborted || execution.status !== 'RUNNING') return;
        execution.status = 'TIMED_OUT';
        execution.error = 'States.Timeout';
        execution.cause = 'The execution ran longer than its TimeoutSeconds';
        execution.stopDate = this.clock.now();
        run.abort();
      });
    void (async () => {
      for await (const event of run.eventLogs) if (event.type === 'StateEntered') execution.transitions++;
    })();
    const settle = () => {
      release();
      timeout.abort();
      // Nothing of the finished run stays reachable from the execution (memory follows the running).
      abort.signal.removeEventListener('abort', onAbort);
      execution.stopDate ??= this.clock.now();
    };
    run.result.then(
      () => {
        if (execution.status === 'RUNNING') execution.status = 'SUCCEEDED';
        settle();
      },
      (error: Error & { cause?: unknown }) => {
        if (execution.status === 'RUNNING') {
          execution.status = 'FAILED';
          // The library wraps what failed the run (a Fail state's error, an uncaught task error)
          // in an ExecutionError; Step Functions reports the error itself.
          const failure =
            error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
          execution.error = failure.name;
          execution.cause = String(failure.message);
        }
        settle();
      },
    );
    return execution;
  }

  stop(arn: string, error?: string, cause?: string): LocalExecution {
    const execution = this.executions.get(arn);
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    if (execution.status === 'RUNNING') {
      execution.status = 'ABORTED';
      execution.stopDate = this.clock.now();
      if (error) execution.error = error;
      if (cause) execution.cause = cause;
      execution.abort.abort();
    }
    return execution;
  }

  describe(arn: string): LocalExecution {
    const execution = this.executions.get(arn);
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  /** Executions of one state machine, or of all. */
  list(stateMachineArn?: string): LocalExecution[] {
    return [...this.executions.values()].filter(
      (e) => !stateMachineArn || e.stateMachineArn === stateMachineArn,
    );
  }

  close(): void {
    for (const e of this.executions.values()) if (e.status === 'RUNNING') e.abort.abort();
  }
}
