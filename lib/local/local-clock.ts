/**
 * The local stack's clock: real time, or faster by a factor (86,400 = a day per second) from the
 * moment the stack starts. It becomes the clock of every handler in the process
 * (functions/shared/clock.ts), and the local state machines and schedules sleep by it.
 *
 * Sped up, it stands still while a task runs (`whileWorking`): in AWS a step takes milliseconds,
 * but on a busy laptop hundreds of journeys waking at 09:00 queue for one CPU, and at a day per
 * second each queued millisecond would be a minute and a half of their customers' day — enough to
 * push a send out of its window and into a deferral it would never have had. Steps therefore take
 * no simulated time, and simulated time passes only while the stack waits.
 *
 * It also never runs past the next wake-up: sleepers are woken in order of their instants by one
 * timer (a discrete-event schedule at a bounded speed) — sped up, all those due within the same
 * second of the clock together, at the first of them. At a day per second a simulated second
 * lasts 12 µs, far below a timer's resolution: without this, journeys given slots seconds apart
 * (send pacing) would wake in the same timer tick and the seconds the pacing kept apart would run
 * together.
 */
import { setClockSource } from '../../functions/shared/clock.js';

export interface LocalClock {
  scale: number;
  now(): number;
  /** Resolves when the clock reads `at` (at once if it already does), or when aborted. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
  /** Real milliseconds for a span of clock milliseconds. */
  toReal(ms: number): number;
  /**
   * Changes the speed from this instant on (the reading goes on from where it is). Change it
   * before anything sleeps (the demo seeds in real time, then speeds up).
   */
  setScale(scale: number): void;
  /** Runs a task; when the clock runs faster than real time, it stands still until the task ends. */
  whileWorking<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Holds the clock still (sped up only) until the returned release is called: work that is due
   * but refused for now — a task Lambda throttled, waiting for its retry — takes no simulated time,
   * as the seconds it takes in AWS are nothing against a customer's day. Releasing twice is harmless.
   */
  hold(): () => void;
  /** What the clock is waiting for: holds taken, sleepers waiting, the next wake-up. */
  state(): { held: number; sleepers: number; next?: string };
}

/** Longest single timer Node allows (about 24.8 days); longer sleeps are chained. */
const MAX_TIMER = 2 ** 31 - 1;

interface Sleeper {
  at: number;
  resolve: () => void;
  done: boolean;
}

/** A binary min-heap of sleepers by instant (a hundred thousand journeys wait at once). */
class SleeperHeap {
  private items: Sleeper[] = [];

  /** Aborted sleepers still in the heap (they are dropped when they surface, or all at once below). */
  private dead = 0;

  /** Sleepers still waiting. */
  get size(): number {
    return this.items.length - this.dead;
  }

  /**
   * Counts an aborted sleeper out. It stays in place until it surfaces — a finished execution's
   * timeout a year away would stay a year — so once most of the heap is aborted, it is rebuilt
   * from the live ones (an array sorted by instant is a heap).
   */
  discard(): void {
    this.dead++;
    if (this.dead > 1_000 && this.dead * 2 > this.items.length) {
      this.items = this.items.filter((s) => !s.done).sort((a, b) => a.at - b.at);
      this.dead = 0;
    }
  }

  /** The earliest sleeper still waiting (aborted ones are dropped on the way). */
  peek(): Sleeper | undefined {
    while (this.items.length > 0 && (this.items[0] as Sleeper).done) {
      this.pop();
      this.dead--;
    }
    return this.items[0];
  }

  push(sleeper: Sleeper): void {
    const items = this.items;
    items.push(sleeper);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Sleeper).at <= sleeper.at) break;
      items[i] = items[parent] as Sleeper;
      i = parent;
    }
    items[i] = sleeper;
  }

  pop(): Sleeper | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child =
          right < items.length && (items[right] as Sleeper).at < (items[left] as Sleeper).at ? right : left;
        if ((items[child] as Sleeper).at >= last.at) break;
        items[i] = items[child] as Sleeper;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}

export function startLocalClock(initialScale = 1): LocalClock {
  let scale = initialScale;
  let realAnchor = Date.now();
  let clockAnchor = realAnchor;
  let working = 0;
  let timer: NodeJS.Timeout | undefined;
  const sleepers = new SleeperHeap();

  const running = () => (working > 0 ? clockAnchor : clockAnchor + (Date.now() - realAnchor) * scale);
  // The reading never passes a wake-up that has not happened yet.
  const now = () => {
    const t = running();
    const next = sleepers.peek();
    return next && next.at < t && next.at >= clockAnchor ? next.at : t;
  };

  /** Arms the one timer for the earliest sleeper (none while the clock is held). */
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (working > 0) return;
    const next = sleepers.peek();
    if (!next) return;
    const delay = Math.max(0, Math.ceil((next.at - running()) / scale));
    timer = setTimeout(wake, Math.min(delay, MAX_TIMER));
    // The clock alone never keeps the process alive: once the stack's servers have closed, what
    // still sleeps (an execution's year-long timeout) has nothing left to wake for.
    timer.unref();
  };

  /** Wakes every sleeper due at the earliest instant, with the clock reading exactly that instant. */
  const wake = () => {
    timer = undefined;
    if (working > 0) return;
    const next = sleepers.peek();
    if (!next) return;
    const t = running();
    if (next.at > t) return schedule();
    const at = Math.max(next.at, clockAnchor);
    clockAnchor = at;
    realAnchor = Date.now();
    // Held until the woken have started their next task (which holds the clock itself): the
    // clock must not run on to the next instant while they are on their way there.
    const release = hold();
    // Sped up, everyone due within the same second of the clock wakes together and runs at once
    // (steps take no simulated time, so woken one instant at a time they would run one by one);
    // the second is the unit the send rates are counted in, so pacing holds.
    const until = scale > 1 ? Math.floor(at / 1000) * 1000 + 1000 : at + 1;
    while (sleepers.peek() && (sleepers.peek() as Sleeper).at < until) {
      const sleeper = sleepers.pop() as Sleeper;
      sleeper.done = true;
      sleeper.resolve();
    }
    setImmediate(() => {
      release();
      schedule();
    });
  };

  const hold = () => {
    if (scale <= 1) {
      // Real time stands still for nobody; the wake-up order is all that is kept.
      return () => undefined;
    }
    if (working === 0) clockAnchor = now();
    working++;
    if (timer) clearTimeout(timer);
    timer = undefined;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      // The reading goes on from where it stood.
      if (--working === 0) {
        realAnchor = Date.now();
        schedule();
      }
    };
  };

  const clock: LocalClock = {
    scale,
    now,
    toReal: (ms) => ms / scale,
    setScale: (next) => {
      clockAnchor = now();
      realAnchor = Date.now();
      scale = next;
      clock.scale = next;
      schedule();
    },
    whileWorking: async (task) => {
      const release = clock.hold();
      try {
        return await task();
      } finally {
        release();
      }
    },
    hold,
    state: () => {
      const next = sleepers.peek();
      return {
        held: working,
        sleepers: sleepers.size,
        ...(next ? { next: new Date(next.at).toISOString() } : {}),
      };
    },
    sleepUntil: (at, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted || at <= now()) return resolve();
        const onAbort = () => {
          if (sleeper.done) return;
          sleeper.done = true;
          sleepers.discard();
          resolve();
          // The timer may be armed for this sleeper: arm it for the earliest one left.
          schedule();
        };
        // The listener goes when the sleep ends either way (a journey sleeps many times on one signal).
        const sleeper: Sleeper = {
          at,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          done: false,
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const earliest = sleepers.peek();
        sleepers.push(sleeper);
        if (!earliest || at < earliest.at) schedule();
      }),
  };
  setClockSource(now);
  return clock;
}
