/**
 * A worker thread's part of reading an order file: the lines from `start` to the end (after the
 * CSV header, given), read by the same readers and checks as the first part, and posted back as
 * the builder's rows (`ReadPart`) with the first rejections and the number of lines read.
 */
import { createReadStream } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Rejection } from '../../functions/import/import-runner.js';
import { scanLines } from '../../functions/import/line-reader.js';
import { type OrderFileFormat, orderLineReader } from '../../functions/import/order-file-reader.js';
import { HistoryBuilder } from '../../functions/import/order-histories.js';
import { type IngestDefaults, ingestSettings } from '../../functions/use-cases/ingest-settings.js';

export interface ReadShare {
  file: string;
  format: OrderFileFormat;
  /** Byte where the part starts: the start of a line that starts a record. */
  start: number;
  /** The CSV header line (with its newline), read first as line 1. */
  header?: Uint8Array;
  defaults: IngestDefaults;
  /** The first part's clock, so both judge "in the future" alike. */
  nowMs: number;
  keepRejections: number;
}

async function* withHeader(header: Uint8Array | undefined, rest: AsyncIterable<Uint8Array>) {
  if (header) yield header;
  yield* rest;
}

parentPort?.on('message', async (share: ReadShare) => {
  try {
    const rejections: Rejection[] = [];
    const builder = new HistoryBuilder(
      ingestSettings(share.defaults, () => new Date(share.nowMs)),
      {
        onRejection: (r) => {
          if (rejections.length < share.keepRejections) rejections.push(r);
        },
      },
    );
    const reader = orderLineReader(share.format, builder, true);
    const source = createReadStream(share.file, { start: share.start, highWaterMark: 1 << 20 });
    const lines = await scanLines(withHeader(share.header, source), reader);
    reader.end();
    const part = builder.readPart();
    parentPort?.postMessage({ part, rejections, lines });
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
});
