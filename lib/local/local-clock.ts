/**
 * The local stack's clock: real time, or faster by a factor (86,400 = a day per second) from the
 * moment the stack starts. It becomes the clock of every handler in the process
 * (functions/shared/clock.ts), and the local state machines and schedules sleep by it.
 */
import { setClockSource } from '../../functions/shared/clock.js';

export interface LocalClock {
  scale: number;
  now(): number;
  /** Resolves when the clock reads `at` (at once if it already does), or when aborted. */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
  /** Real milliseconds for a span of clock milliseconds. */
  toReal(ms: number): number;
}

/** Longest single timer Node allows (about 24.8 days); longer sleeps are chained. */
const MAX_TIMER = 2 ** 31 - 1;

export function startLocalClock(scale = 1): LocalClock {
  const realStart = Date.now();
  const now = () => realStart + (Date.now() - realStart) * scale;
  const clock: LocalClock = {
    scale,
    now,
    toReal: (ms) => ms / scale,
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
