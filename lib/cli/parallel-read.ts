/**
 * Reading a large order file on two cores: a worker thread reads from a line past the middle to
 * the end while this thread reads up to it, with the same readers and checks; the worker's rows
 * then follow this thread's (`HistoryBuilder.absorb`), its rejections are renumbered to the file's
 * lines, and repeats are found across both at the end — the histories, counts and rejections one
 * thread gives (a test compares them in every format).
 *
 * The second part starts where a record starts: after a newline (UTF-8 never has that byte inside
 * a character), with the CSV header given to the worker as its first line, and for CDNOW at a
 * customer's first row (CDNOW numbers a customer's rows on a day, and the numbers restart with
 * each customer). If a quoted CSV field runs on past that line, this thread reads the rest itself.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Rejection } from '../../functions/import/import-runner.js';
import { scanLines } from '../../functions/import/line-reader.js';
import { type OrderFileFormat, orderLineReader } from '../../functions/import/order-file-reader.js';
import {
  HistoryBuilder,
  type OrderHistories,
  type ReadHistoriesOptions,
  type ReadPart,
} from '../../functions/import/order-histories.js';
import type { IngestDefaults, IngestSettings } from '../../functions/use-cases/ingest-settings.js';
import type { ReadShare } from './read-worker.js';

/** Below this size one thread reads the file faster than two start, split and merge. */
export const PARALLEL_READ_MIN_BYTES = 16 * 1024 * 1024;
const WINDOW = 1 << 16;
/** How far a CDNOW split looks for the next customer before reading the file in one. */
const MAX_CUSTOMER_SCAN = 4 * 1024 * 1024;

export interface SplitPoint {
  start: number;
  /** The CSV header line, newline included. */
  header?: Uint8Array;
}

/** Where a second thread may start reading, or undefined when the file is read in one. */
export function splitPoint(file: string, format: OrderFileFormat, size: number): SplitPoint | undefined {
  const fd = openSync(file, 'r');
  try {
    const lineFrom = (at: number) => readLine(fd, at, size);
    let header: Uint8Array | undefined;
    if (format === 'csv') {
      const first = lineFrom(0);
      // A header with a quote, a blank first line (the header comes later), or none: the file is
      // read in one, the way it always was.
      if (!first || first.includes(0x22) || first.toString().trim() === '') return undefined;
      header = first;
    }
    let start = nextLineStart(fd, Math.floor(size / 2), size);
    if (start !== undefined && format === 'cdnow') start = nextCustomerStart(lineFrom, start, size);
    return start === undefined || start >= size ? undefined : { start, ...(header && { header }) };
  } finally {
    closeSync(fd);
  }
}

/** The line starting at `at`, newline included (undefined past the end or beyond a window). */
function readLine(fd: number, at: number, size: number): Uint8Array | undefined {
  if (at >= size) return undefined;
  const buffer = Buffer.alloc(Math.min(WINDOW, size - at));
  const read = readSync(fd, buffer, 0, buffer.length, at);
  const newline = buffer.subarray(0, read).indexOf(0x0a);
  return newline === -1
    ? at + read >= size
      ? buffer.subarray(0, read)
      : undefined
    : buffer.subarray(0, newline + 1);
}

/** The start of the first line after `from`. */
function nextLineStart(fd: number, from: number, size: number): number | undefined {
  const buffer = Buffer.alloc(WINDOW);
  for (let at = from; at < size; at += WINDOW) {
    const read = readSync(fd, buffer, 0, Math.min(WINDOW, size - at), at);
    const newline = buffer.subarray(0, read).indexOf(0x0a);
    if (newline !== -1) return at + newline + 1;
  }
  return undefined;
}

/** A CDNOW line's customer (its first field), '' for a blank line, undefined when not plain ASCII. */
function customerOf(line: Uint8Array): string | undefined {
  if (line.some((b) => b > 0x7e)) return undefined;
  return line.toString().trim().split(/\s+/)[0] ?? '';
}

/** The start of the first line, at or after `from`, whose customer differs from the one before it. */
function nextCustomerStart(
  lineFrom: (at: number) => Uint8Array | undefined,
  from: number,
  size: number,
): number | undefined {
  let current: string | undefined;
  for (let at = from; at < size && at - from < MAX_CUSTOMER_SCAN; ) {
    const line = lineFrom(at);
    if (!line) return undefined;
    const customer = customerOf(line);
    if (customer === undefined) return undefined;
    if (customer !== '') {
      if (current !== undefined && customer !== current) return at;
      current = customer;
    }
    at += line.length;
  }
  return undefined;
}

interface WorkerAnswer {
  part?: ReadPart;
  rejections?: Rejection[];
  lines?: number;
  error?: string;
}

/**
 * The file read on two threads, or undefined when it is too small, there is one core, or no split
 * point: the caller then reads it in one. `onStream` is told of this thread's stream (for progress).
 */
export async function readOrderFileInParts(
  file: string,
  format: OrderFileFormat,
  size: number,
  settings: IngestSettings,
  defaults: IngestDefaults,
  options: ReadHistoriesOptions & {
    keepRejections: number;
    onStream?: (stream: { bytesRead: number }) => void;
    /** @default PARALLEL_READ_MIN_BYTES */
    minBytes?: number;
  },
): Promise<OrderHistories | undefined> {
  if (size < (options.minBytes ?? PARALLEL_READ_MIN_BYTES) || availableParallelism() < 2) return undefined;
  const split = splitPoint(file, format, size);
  if (!split) return undefined;
  const builder = new HistoryBuilder(settings, options);
  const share: ReadShare = {
    file,
    format,
    start: split.start,
    ...(split.header && { header: split.header }),
    defaults,
    nowMs: builder.now.getTime(),
    keepRejections: options.keepRejections,
  };
  const worker = new Worker(new URL('./read-worker-entry.mjs', import.meta.url));
  const answer = new Promise<WorkerAnswer>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the reading worker stopped (exit code ${code})`)));
  });
  // Not waited for when this thread reads the rest itself: its end is no error then.
  answer.catch(() => undefined);
  worker.postMessage(share);
  try {
    const reader = orderLineReader(format, builder);
    const first = createReadStream(file, { end: split.start - 1, highWaterMark: 1 << 20 });
    options.onStream?.(first);
    const lines = await scanLines(first, reader);
    if (!reader.atRecordStart) {
      // A quoted field runs on past the split: the worker's part began inside it. Read on here.
      const rest = createReadStream(file, { start: split.start, highWaterMark: 1 << 20 });
      options.onStream?.(rest);
      await scanLines(rest, reader, { firstLine: lines + 1 });
    } else {
      const { part, rejections = [], error } = await answer;
      if (error || !part) throw new Error(`reading the second half of ${file} failed: ${error}`);
      builder.absorb(part);
      // The worker numbered its lines from 1, the CSV header first.
      const offset = lines - (format === 'csv' ? 1 : 0);
      for (const r of rejections) options.onRejection?.({ ...r, line: r.line + offset });
      if (part.counts.rows > 0) reader.sawRecords();
    }
    reader.end();
    return builder.finish();
  } finally {
    await worker.terminate();
  }
}
