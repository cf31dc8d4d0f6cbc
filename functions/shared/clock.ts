/**
 * The time every part of the system reads. In Lambda it is the system clock. The local runtime
 * may run time faster (a demo day per second): it replaces the source once at start-up, and every
 * handler, adapter, wait and schedule of the process follows — customers' local times included.
 */
let source: () => number = Date.now;

export const now = (): number => source();
export const clock = (): Date => new Date(source());

/** For the local runtime only. */
export function setClockSource(next: () => number): void {
  source = next;
}
