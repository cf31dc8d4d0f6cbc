/**
 * Step Functions for the local stack: the journey and campaign state machines' definitions are
 * taken from the synthesized CDK template and run by aws-local-stepfunctions, its Lambda tasks by the project's
 * own handlers in this process. The workarounds for the library's gaps live here, never in the
 * production definition:
 *  - `Promise.withResolvers` is polyfilled (Node 20);
 *  - Wait states (`TimestampPath` or `Seconds`) become local tasks that sleep by the stack's clock
 *    (the library sleeps by the real one, so a time scale would not reach them); the number of
 *    states a journey passes through is unchanged;
 *  - timeouts and retry intervals are scaled by the clock and kept under Node's 24.8-day timer cap;
 *  - a Task's explicit `ResultPath: "$"` is dropped (the same as the default, which the library
 *    gets right, while it stores an explicit "$" under a key of that name).
 * Executions are kept in memory with the real service's naming rules: a name is used once, and a
 * repeated start of a running execution with the same input returns it again.
 */
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import type { FunctionName } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import type { LocalClock } from './local-clock.js';
import { functionNamed, type LocalFunctions } from './local-functions.js';

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
    // Only the definitions are needed here: no bundling, no Guard run (cdk-nag is quick).
    { context: { 'aws:cdk:bundling-stacks': [], guard: false } },
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

/** One synthesized state machine, prepared for aws-local-stepfunctions. */
class LocalStateMachine {
  readonly arn: string;
  readonly machine: StateMachine;
  readonly waitStates: string[] = [];
  readonly taskFunctions: Record<string, FunctionName> = {};
  readonly retryOverrides: Record<string, number> = {};

  constructor(workflow: SynthesizedWorkflow, clock: LocalClock) {
    this.arn = localStateMachineArn(workflow.name);
    const definition = structuredClone(workflow.definition);
    if (definition.TimeoutSeconds)
      definition.TimeoutSeconds = Math.max(
        1,
        Math.min(MAX_TIMEOUT_SECONDS, Math.ceil(definition.TimeoutSeconds / clock.scale)),
      );
    this.prepare(definition.States, workflow, clock);
    this.machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  }

  /** Rewrites timestamp waits and records task handlers, inside Map iterations too. */
  private prepare(states: Record<string, Asl>, workflow: SynthesizedWorkflow, clock: LocalClock): void {
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
        if (state.TimeoutSeconds) state.TimeoutSeconds = Math.min(MAX_TIMEOUT_SECONDS, state.TimeoutSeconds);
        const interval = Math.max(...(state.Retry ?? []).map((r: Asl) => r.IntervalSeconds ?? 1), 1);
        this.retryOverrides[name] = Math.max(5, (interval * 1000) / clock.scale);
      } else if (state.Type === 'Map') {
        this.prepare((state.ItemProcessor ?? state.Iterator).States, workflow, clock);
      }
    }
  }
}

/** The journey and campaign state machines of the local stack, and their executions. */
export class LocalStepFunctions {
  private readonly machines = new Map<string, LocalStateMachine>();
  private readonly executions = new Map<string, LocalExecution>();
  constructor(
    workflows: readonly SynthesizedWorkflow[],
    private readonly functions: LocalFunctions,
    private readonly clock: LocalClock,
    private readonly faults: readonly LocalFault[] = [],
  ) {
    for (const workflow of workflows) {
      const machine = new LocalStateMachine(workflow, clock);
      this.machines.set(machine.arn, machine);
    }
  }

  start(stateMachineArn: string, name: string, input: string): LocalExecution {
    const local = this.machines.get(stateMachineArn);
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
    const overrides: Record<string, (input: unknown) => Promise<never>> = {};
    for (const [state, fn] of Object.entries(local.taskFunctions))
      overrides[state] = async (event) => {
        const handler = await this.functions.handler(fn);
        execution.invocations++;
        if (this.faults.some((fault) => faultHits(fault, state, event)))
          throw new InjectedFaultError(`injected fault in ${state}`);
        return (await this.clock.whileWorking(() => handler(event))) as never;
      };
    for (const state of local.waitStates)
      overrides[state] = async (event) => {
        const wait = event as { until?: string; seconds?: number };
        const until = wait.until ? Date.parse(wait.until) : this.clock.now() + (wait.seconds ?? 0) * 1000;
        await this.clock.sleepUntil(until, abort.signal);
        return {} as never;
      };
    const run = local.machine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: overrides, retryIntervalOverrides: local.retryOverrides },
      noThrowOnAbort: true,
      context: { Execution: { Id: arn, Name: name } },
    });
    abort.signal.addEventListener('abort', () => run.abort(), { once: true });
    void (async () => {
      for await (const event of run.eventLogs) if (event.type === 'StateEntered') execution.transitions++;
    })();
    run.result.then(
      () => {
        if (execution.status === 'RUNNING') execution.status = 'SUCCEEDED';
        execution.stopDate ??= this.clock.now();
      },
      (error: Error & { cause?: unknown }) => {
        if (execution.status === 'RUNNING') {
          execution.status = error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
          // The library wraps what failed the run (a Fail state's error, an uncaught task error)
          // in an ExecutionError; Step Functions reports the error itself.
          const failure =
            error.name === 'ExecutionError' && error.cause instanceof Error ? error.cause : error;
          execution.error = failure.name;
          execution.cause = String(failure.message);
        }
        execution.stopDate ??= this.clock.now();
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
