import { describe, expect, it } from 'vitest';
import { startLocalClock } from '../../../lib/local/local-clock.js';

describe("the local stack's clock (sped up)", () => {
  it('wakes sleepers in order, each second together, and never runs past the next wake-up', async () => {
    const clock = startLocalClock(86_400_000); // a thousand days a second
    // Held while the sleepers are set: at this speed a microsecond is seconds of the clock.
    const release = clock.hold();
    // The clock's seconds are whole seconds of its reading: the offsets count from one.
    const start = Math.ceil(clock.now() / 1000) * 1000;
    const woke: [string, number][] = [];
    const sleep = (name: string, offsetMs: number) =>
      clock.sleepUntil(start + offsetMs).then(() => woke.push([name, clock.now() - start]));
    const sleeping = [sleep('c', 5_000), sleep('a', 2_000), sleep('b', 2_500), sleep('d', 86_400_000)];
    release();
    await Promise.all(sleeping);
    expect(woke.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd']);
    // a and b are due within the same second: they wake together, at the first of them.
    expect(woke.slice(0, 3).map(([, at]) => at)).toEqual([2_000, 2_000, 5_000]);
  });

  it('stands still while held, and moves on from where it stood', async () => {
    const clock = startLocalClock(86_400_000);
    const release = clock.hold();
    const held = clock.now();
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBe(held);
    release();
    release(); // twice is harmless
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBeGreaterThan(held);
    expect(clock.state().held).toBe(0);
  });

  it('drops an aborted sleep, its timer and its listener', async () => {
    const clock = startLocalClock(86_400);
    const abort = new AbortController();
    const far = clock.sleepUntil(clock.now() + 20 * 86_400_000, abort.signal);
    for (let i = 0; i < 20; i++) await clock.sleepUntil(clock.now() + 1_000, abort.signal);
    abort.abort();
    await far;
    expect(clock.state().sleepers).toBe(0);
  });

  it('lets go of aborted sleepers that would wake long after the live ones (finished executions’ timeouts)', async () => {
    const clock = startLocalClock(86_400);
    const release = clock.hold();
    const soon = clock.sleepUntil(clock.now() + 86_400_000);
    const finished = Array.from({ length: 3_000 }, () => new AbortController());
    const timeouts = finished.map((abort) => clock.sleepUntil(clock.now() + 365 * 86_400_000, abort.signal));
    for (const abort of finished) abort.abort();
    await Promise.all(timeouts);

    expect(clock.state().sleepers).toBe(1);
    release();
    await soon;
    expect(clock.state().sleepers).toBe(0);
  });
});
