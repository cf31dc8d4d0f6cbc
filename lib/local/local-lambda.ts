/**
 * Lambda's concurrency as the local stack's in-process functions meet it. In AWS an account runs
 * at most so many function instances at once (1,000 by default, fewer in a new account), and an
 * invocation beyond that is refused: a synchronous one (Step Functions' `lambda:invoke`) with
 * `TooManyRequestsException`, which the state machines' own Retry absorbs with backoff and
 * jitter; an asynchronous one (Scheduler's target) waits in Lambda's internal queue.
 *
 * Without this, the local stack ran every task the moment it was due: 21,000 journeys waking
 * together meant 21,000 handlers at once, thousands of requests queued behind the SDK's 50
 * sockets, tasks timing out while they waited, and gigabytes of memory. With it, at most `limit`
 * handlers run at once, the SDK clients' queues stay bounded, and a task's timeout measures its
 * own run (a refused invocation never starts its handler).
 */
import { availableParallelism } from 'node:os';

/**
 * The default limit: a fresh account's quota scaled to this machine. Lambda gives each instance
 * its own CPU share; here every instance shares the same cores, and past a few handlers per
 * core they only wait for each other (and for the emulators).
 */
export const DEFAULT_LOCAL_CONCURRENCY = 8 * availableParallelism();

/** What Step Functions sees when Lambda refuses a synchronous invocation. */
export class LambdaThrottledError extends Error {
  override readonly name = 'Lambda.TooManyRequestsException';
}

/**
 * A refusal without a stack trace: under a burst thousands are thrown a second, and capturing a
 * stack for each costs more CPU than the handlers they wait for.
 */
function throttled(limit: number): LambdaThrottledError {
  const { stackTraceLimit } = Error;
  Error.stackTraceLimit = 0;
  try {
    return new LambdaThrottledError(
      `Rate Exceeded. (${limit} concurrent executions: the local stack's Lambda concurrency limit)`,
    );
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export interface FunctionConcurrency {
  /** Invocations that ran (Lambda bills these). */
  invocations: number;
  /** Synchronous invocations refused because the limit was reached. */
  throttled: number;
  /** Most instances of this function running at once. */
  peak: number;
}

export interface LambdaConcurrencyStats {
  limit: number;
  running: number;
  peak: number;
  throttled: number;
  /** Asynchronous invocations waiting for an instance right now. */
  queued: number;
  functions: Record<string, FunctionConcurrency>;
}

export class LocalLambdaConcurrency {
  private running = 0;
  private peak = 0;
  private throttled = 0;
  private readonly perFunction = new Map<string, FunctionConcurrency & { running: number }>();
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number = DEFAULT_LOCAL_CONCURRENCY) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`Lambda concurrency must be a whole number of at least 1 (got ${limit})`);
  }

  /** A synchronous invocation: runs now, or is refused as Lambda refuses it. */
  async invoke<T>(fn: string, run: () => Promise<T>): Promise<T> {
    const stats = this.statsOf(fn);
    if (this.running >= this.limit || this.queue.length > 0) {
      this.throttled++;
      stats.throttled++;
      throw throttled(this.limit);
    }
    return this.runAs(stats, run);
  }

  /** An asynchronous invocation: waits in Lambda's internal queue until an instance is free. */
  async invokeAsync<T>(fn: string, run: () => Promise<T>): Promise<T> {
    const stats = this.statsOf(fn);
    if (this.running >= this.limit || this.queue.length > 0)
      await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    // A queued invocation is handed the instance its predecessor freed (counted already).
    return this.runAs(stats, run, true);
  }

  stats(): LambdaConcurrencyStats {
    const functions: Record<string, FunctionConcurrency> = {};
    for (const [name, { invocations, throttled, peak }] of this.perFunction)
      functions[name] = { invocations, throttled, peak };
    return {
      limit: this.limit,
      running: this.running,
      peak: this.peak,
      throttled: this.throttled,
      queued: this.queue.length,
      functions,
    };
  }

  private statsOf(fn: string) {
    let stats = this.perFunction.get(fn);
    if (!stats) {
      stats = { invocations: 0, throttled: 0, peak: 0, running: 0 };
      this.perFunction.set(fn, stats);
    }
    return stats;
  }

  private async runAs<T>(
    stats: FunctionConcurrency & { running: number },
    run: () => Promise<T>,
    counted = false,
  ): Promise<T> {
    if (!counted) this.running++;
    this.peak = Math.max(this.peak, this.running);
    stats.invocations++;
    stats.running++;
    stats.peak = Math.max(stats.peak, stats.running);
    try {
      return await run();
    } finally {
      stats.running--;
      const next = this.queue.shift();
      // The instance goes straight to the oldest queued invocation, or back to the pool.
      if (next) next();
      else this.running--;
    }
  }
}
