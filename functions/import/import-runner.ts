/**
 * Runs an import: records stream in, are mapped and validated, and are written in chunks through
 * the same use cases the API calls. Memory stays constant: a few chunks are in flight at a time,
 * rejected rows are handed to `onRejection` as they are found, and only counts are kept.
 * Every good row lands; every bad row is reported once with its line; a row is never half written.
 */
import { checkOrder, type RecordOrdersDeps, recordOrders } from '../use-cases/record-orders.js';
import { checkCustomer, type UpsertCustomersDeps, upsertCustomers } from '../use-cases/upsert-customers.js';
import type { SourceRecord } from './record-readers.js';
import { customerFromRow, inColumnTerms, type MappedRow, orderFromRow } from './row-mapping.js';

export type ImportKind = 'customers' | 'orders';

export interface ImportCounts {
  rows: number;
  /** New or changed rows written. */
  accepted: number;
  /** Rows that were already stored exactly so. */
  unchanged: number;
  rejected: number;
}

export interface Rejection {
  line: number;
  reasons: string[];
}

export interface ImportOptions {
  chunkSize?: number;
  /** Chunks written at the same time. */
  parallelChunks?: number;
  /** For files without customers (CDNOW): create empty customers for unknown ids. */
  createMissingCustomers?: boolean;
  onRejection?: (rejection: Rejection) => void;
  onProgress?: (counts: ImportCounts) => void;
}

export type ImportDeps = UpsertCustomersDeps & RecordOrdersDeps;

type Pending = { line: number; record: Record<string, unknown> };

export async function runImport(
  kind: ImportKind,
  records: AsyncIterable<SourceRecord>,
  deps: ImportDeps,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const chunkSize = options.chunkSize ?? 1000;
  const parallel = options.parallelChunks ?? 3;
  const counts: ImportCounts = { rows: 0, accepted: 0, unchanged: 0, rejected: 0 };
  const reject = (line: number, reasons: string[]) => {
    counts.rejected++;
    options.onRejection?.({ line, reasons: reasons.map(inColumnTerms) });
  };
  const mapRow = kind === 'customers' ? customerFromRow : orderFromRow;

  const writeChunk = async (chunk: Pending[]) => {
    const payload = chunk.map((p) => p.record);
    const { outcomes } =
      kind === 'customers'
        ? await upsertCustomers(deps, payload)
        : await recordOrders(deps, payload, {
            createMissingCustomers: options.createMissingCustomers ?? false,
          });
    outcomes.forEach((outcome, i) => {
      const line = (chunk[i] as Pending).line;
      if (outcome.status === 'rejected') reject(line, outcome.reasons);
      else if (outcome.status === 'unchanged') counts.unchanged++;
      else counts.accepted++;
    });
    options.onProgress?.(counts);
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const launch = (chunk: Pending[]) => {
    const task = writeChunk(chunk)
      .catch((error) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  let chunk: Pending[] = [];
  for await (const item of records) {
    counts.rows++;
    if ('error' in item) {
      reject(item.line, [item.error]);
      continue;
    }
    const mapped: MappedRow = mapRow(item.record);
    if (mapped.reasons.length > 0) {
      // Refused already; check the rest too, so the user sees every problem of the row at once.
      const check =
        kind === 'customers'
          ? checkCustomer(mapped.record, deps.settings.profileDefaults)
          : checkOrder(mapped.record, deps.settings);
      const more = check.ok
        ? []
        : check.reasons.filter((r) => !mapped.fields.some((f) => r.startsWith(`${f}:`)));
      reject(item.line, [...mapped.reasons, ...more]);
      continue;
    }
    chunk.push({ line: item.line, record: mapped.record });
    if (chunk.length >= chunkSize) {
      launch(chunk);
      chunk = [];
      while (inFlight.size >= parallel) await Promise.race(inFlight);
      if (failure) break;
    }
  }
  if (chunk.length > 0 && !failure) launch(chunk);
  await Promise.all(inFlight);
  if (failure) throw failure;
  return counts;
}
