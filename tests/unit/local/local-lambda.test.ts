import { describe, expect, it } from 'vitest';
import { LambdaThrottledError, LocalLambdaConcurrency } from '../../../lib/local/local-lambda.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

describe("the local stack's Lambda concurrency", () => {
  it('refuses a synchronous invocation beyond the limit as Lambda does, and runs the next once one ends', async () => {
    const lambda = new LocalLambdaConcurrency(2);
    const first = gate();
    const running = [lambda.invoke('a', () => first.opened), lambda.invoke('b', () => first.opened)];

    const refused = lambda.invoke('a', async () => 'ran');
    await expect(refused).rejects.toBeInstanceOf(LambdaThrottledError);
    await expect(refused).rejects.toMatchObject({ name: 'Lambda.TooManyRequestsException' });

    first.open();
    await Promise.all(running);
    await expect(lambda.invoke('a', async () => 'ran')).resolves.toBe('ran');
    expect(lambda.stats()).toMatchObject({
      limit: 2,
      running: 0,
      peak: 2,
      throttled: 1,
      functions: { a: { invocations: 2, throttled: 1, peak: 1 }, b: { invocations: 1, throttled: 0 } },
    });
  });

  it('queues an asynchronous invocation until an instance is free, in order, never above the limit', async () => {
    const lambda = new LocalLambdaConcurrency(1);
    const order: string[] = [];
    const first = gate();
    const a = lambda.invokeAsync('f', async () => {
      await first.opened;
      order.push('a');
    });
    const b = lambda.invokeAsync('f', async () => {
      order.push('b');
    });
    const c = lambda.invokeAsync('f', async () => {
      order.push('c');
    });
    expect(lambda.stats()).toMatchObject({ running: 1, queued: 2 });
    // A synchronous invocation does not jump the queue.
    await expect(lambda.invoke('g', async () => 'ran')).rejects.toBeInstanceOf(LambdaThrottledError);

    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(lambda.stats()).toMatchObject({ running: 0, queued: 0, peak: 1 });
  });

  it('frees the instance of an invocation that fails', async () => {
    const lambda = new LocalLambdaConcurrency(1);
    await expect(
      lambda.invoke('f', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(lambda.invoke('f', async () => 'ran')).resolves.toBe('ran');
  });

  it('rejects a limit that is not a whole number of at least 1', () => {
    expect(() => new LocalLambdaConcurrency(0)).toThrow(/at least 1/);
    expect(() => new LocalLambdaConcurrency(1.5)).toThrow(/at least 1/);
  });
});
