/**
 * `reactivate score` on two cores: a worker thread fits the spend model and the RFM cut points
 * while the main thread fits the transaction model; then it scores and writes the second half of
 * the customers while the main thread does the first, and the main thread writes the worker's
 * lines after its own, so the file is the same as one thread's. The worker is started before the
 * file is read, so loading its code (about 0.3 s) overlaps the read.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FitOptions } from '../../functions/domain/scoring/beta-geometric.js';
import type { ObservationColumns, PopulationParts } from '../../functions/domain/scoring/scoring-model.js';
import type { HistoryParts } from '../../functions/import/order-histories.js';
import type { ScoreShare, WorkerRequest } from './score-worker.js';
import type { PopulationPartsFitter } from './scoring-commands.js';

/** Below this many customers one thread is quicker than sharing the histories with another. */
export const PARALLEL_MIN_CUSTOMERS = 100_000;
/**
 * The main thread's share of the customers: less than half, because its heap holds the file's
 * tables (its collections cost more) and it writes every line; measured on a million customers,
 * the two shares then end together.
 */
export const MAIN_THREAD_SHARE = 0.45;
/** A file below this size cannot hold that many customers' orders: no worker is started. */
export const PARALLEL_MIN_FILE_BYTES = 4 * 1024 * 1024;

export class ScoreWorker implements PopulationPartsFitter {
  private readonly worker = new Worker(new URL('./score-worker-entry.mjs', import.meta.url));
  /** Why the worker can take no request: it failed, stopped or was stopped (set once). */
  private failure: Error | undefined;
  /** The request in hand's way to fail when the worker does. */
  private failPending: ((error: Error) => void) | undefined;
  readonly minCustomers = PARALLEL_MIN_CUSTOMERS;

  /** A worker when this machine has a second core and the file is large enough to use it. */
  static start(fileBytes: number): ScoreWorker | undefined {
    if (availableParallelism() < 2 || fileBytes < PARALLEL_MIN_FILE_BYTES) return undefined;
    return new ScoreWorker();
  }

  private constructor() {
    // Listened to for the worker's whole life: a failure between requests is kept for the next.
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('messageerror', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the scoring worker stopped early (exit code ${code})`)),
    );
  }

  /** The spend model and RFM cut points of these columns (copied to the worker as they are now). */
  fitPopulationParts(columns: ObservationColumns, options: FitOptions): Promise<PopulationParts> {
    return this.ask({ population: { columns, options } }, (reply: { population: PopulationParts }, done) =>
      done(reply.population),
    );
  }

  /** The worker's lines for its share, as UTF-8 in blocks, in order. */
  score(share: ScoreShare): Promise<Uint8Array[]> {
    const blocks: Uint8Array[] = [];
    const { parts, copies } = tight(share.parts);
    return this.ask(
      { share: { ...share, parts } },
      (block: Uint8Array | null, done) => {
        if (block === null) done(blocks);
        else blocks.push(block);
      },
      copies,
    );
  }

  async stop(): Promise<void> {
    this.fail(new Error('the scoring worker was stopped'));
    await this.worker.terminate();
  }

  /** Posts a request; `onReply` takes each message until it calls `done`. One request at a time. */
  private ask<M, T>(
    request: WorkerRequest,
    onReply: (message: M, done: (result: T) => void) => void,
    transfer: ArrayBuffer[] = [],
  ): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.failPending) return Promise.reject(new Error('the scoring worker is busy with a request'));
    return new Promise((resolve, reject) => {
      const message = (m: M) => onReply(m, (result) => finish(() => resolve(result)));
      const finish = (settle: () => void) => {
        this.worker.off('message', message);
        this.failPending = undefined;
        settle();
      };
      this.failPending = (error) => finish(() => reject(error));
      this.worker.on('message', message);
      try {
        this.worker.postMessage(request, transfer);
      } catch (error) {
        finish(() => reject(error));
      }
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.failPending?.(this.failure);
  }
}

/**
 * The parts with each typed array that is a view into a longer buffer (columns made for the rows
 * a file's size allowed) copied to its own length, and the copies' buffers: posting a view would
 * copy its whole buffer, while the copies, which this thread does not keep, can be moved. The
 * arrays that are not copied stay this thread's (it scores its own share from them).
 */
function tight(parts: HistoryParts): { parts: HistoryParts; copies: ArrayBuffer[] } {
  const copies: ArrayBuffer[] = [];
  const entries = Object.entries(parts).map(([key, value]) => {
    if (!ArrayBuffer.isView(value) || value.byteLength === value.buffer.byteLength) return [key, value];
    const copy = (value as Int32Array).slice();
    copies.push(copy.buffer);
    return [key, copy];
  });
  return { parts: Object.fromEntries(entries) as HistoryParts, copies };
}
