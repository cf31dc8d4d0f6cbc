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
   * Changes the speed from this instant on (the reading goes on from where it is). Sleepers pick
   * the new speed up at their next tick; change it before anything sleeps (the demo seeds in real
   * time, then speeds up).
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
}

/** Longest single timer Node allows (about 24.8 days); longer sleeps are chained. */
const MAX_TIMER = 2 ** 31 - 1;

export function startLocalClock(initialScale = 1): LocalClock {
  let scale = initialScale;
  let realAnchor = Date.now();
  let clockAnchor = realAnchor;
  let working = 0;
  const now = () => (working > 0 ? clockAnchor : clockAnchor + (Date.now() - realAnchor) * scale);
  const clock: LocalClock = {
    scale,
    now,
    toReal: (ms) => ms / scale,
    setScale: (next) => {
      clockAnchor = now();
      realAnchor = Date.now();
      scale = next;
      clock.scale = next;
    },
    whileWorking: async (task) => {
      const release = clock.hold();
      try {
        return await task();
      } finally {
        release();
      }
    },
    hold: () => {
      if (scale <= 1) return () => undefined;
      if (working === 0) clockAnchor = now();
      working++;
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        // The reading goes on from where it stood.
        if (--working === 0) realAnchor = Date.now();
      };
    },
    sleepUntil: (at, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        let timer: NodeJS.Timeout;
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const tick = () => {
          const left = (at - now()) / scale;
          if (left <= 0) {
            signal?.removeEventListener('abort', onAbort);
            return resolve();
          }
          timer = setTimeout(tick, Math.min(Math.ceil(left), MAX_TIMER));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        tick();
      }),
  };
  setClockSource(now);
  return clock;
}
