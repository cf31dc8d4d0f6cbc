/**
 * Record readers for the import formats: CSV with a header, JSON Lines, and the CDNOW files of
 * Fader, Hardie & Lee (2005). Each yields records with the line they start on, or an error for
 * that line; a file that cannot be read at all (no header) throws before anything is written.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { FORBIDDEN_KEYS } from '../domain/validation.js';
import type { Line } from './line-reader.js';

export type SourceRecord =
  | { line: number; record: Record<string, unknown> }
  | { line: number; error: string };

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

/** A quoted CSV field may hold newlines; a record is complete once its quotes balance. */
const MAX_LINES_PER_RECORD = 100;

function quotesBalanced(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 0;
}

function parseCsvRecord(text: string): string[] {
  // Most lines quote nothing: splitting them directly is 25× faster than a parser per line and
  // gives the same fields (csv-parse with trim); anything quoted goes through csv-parse.
  if (!text.includes('"')) return text.split(',').map((f) => f.trim());
  const rows = parseCsv(text, { relax_column_count: true, trim: true }) as string[][];
  if (rows.length !== 1) throw new Error('expected exactly one record');
  return rows[0] as string[];
}

/**
 * CSV records one line at a time, synchronously: a reader of millions of rows calls it in a
 * plain loop; `readCsvRecords` wraps it for a stream of lines.
 */
export class CsvRecordReader {
  /** The column names, lower case, once the header line is read. */
  header: string[] | undefined;
  private pending: { line: number; text: string; count: number } | undefined;

  /** @param requiredColumns columns the header must name; the error lists what is missing. */
  constructor(private readonly requiredColumns: readonly string[]) {}

  /** True when no quoted field is open: the next line starts a record. */
  get atRecordStart(): boolean {
    return this.pending === undefined;
  }

  /** Reads one line: the records it completes (none, one, or an error before a record). */
  read(line: Line, out: SourceRecord[]): void {
    if ('error' in line) {
      if (!this.header)
        throw new ImportFileError(`line ${line.line}: ${line.error}; the first line must be a CSV header`);
      if (this.pending) {
        out.push({ line: this.pending.line, error: 'quoted field is not closed' });
        this.pending = undefined;
      }
      out.push(line);
      return;
    }
    const pending = this.pending;
    const current = pending
      ? { line: pending.line, text: `${pending.text}\n${line.text}`, count: pending.count + 1 }
      : { line: line.line, text: line.text, count: 1 };
    if (!quotesBalanced(current.text)) {
      if (current.count < MAX_LINES_PER_RECORD) {
        this.pending = current;
        return;
      }
      out.push({
        line: current.line,
        error: `quoted field is not closed within ${MAX_LINES_PER_RECORD} lines`,
      });
      this.pending = undefined;
      return;
    }
    this.pending = undefined;
    if (current.text.trim() === '') return;

    let fields: string[];
    try {
      fields = parseCsvRecord(current.text);
    } catch (error) {
      if (!this.header)
        throw new ImportFileError(
          `line ${current.line}: the header is not valid CSV (${(error as Error).message})`,
        );
      out.push({ line: current.line, error: `not valid CSV: ${(error as Error).message}` });
      return;
    }
    const header = this.header;
    if (!header) {
      this.header = this.readHeader(current.line, fields);
      return;
    }
    if (fields.length !== header.length) {
      out.push({ line: current.line, error: `has ${fields.length} fields; the header has ${header.length}` });
      return;
    }
    const record: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < header.length; i++) record[header[i] as string] = fields[i];
    out.push({ line: current.line, record });
  }

  /** At the end of the file: an open quoted field is an error; no header at all is a bad file. */
  end(out: SourceRecord[]): void {
    if (this.pending)
      out.push({ line: this.pending.line, error: 'quoted field is not closed at the end of the file' });
    this.pending = undefined;
    if (!this.header) throw new ImportFileError('the file is empty: expected a CSV header line');
  }

  private readHeader(line: number, fields: string[]): string[] {
    const header = fields.map((f) => f.toLowerCase());
    const missing = this.requiredColumns.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      throw new ImportFileError(
        `line ${line}: the header lacks ${missing.join(', ')}; expected a first line naming the columns, e.g. ${this.requiredColumns.join(',')}`,
      );
    }
    const duplicate = header.find((h, i) => header.indexOf(h) !== i);
    if (duplicate) throw new ImportFileError(`line ${line}: the header names column '${duplicate}' twice`);
    return header;
  }
}

/**
 * @param requiredColumns columns the header must name; the error lists what is missing.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<Line>,
  requiredColumns: readonly string[],
): AsyncGenerator<SourceRecord> {
  yield* readEach(lines, new CsvRecordReader(requiredColumns));
}

/** JSON Lines records one line at a time, synchronously (see `CsvRecordReader`). */
export class JsonLinesRecordReader {
  private any = false;

  /** A line holding a record was met (a byte reader that read it itself says so). */
  sawRecord(): void {
    this.any = true;
  }

  read(line: Line, out: SourceRecord[]): void {
    if ('error' in line) {
      out.push(line);
      return;
    }
    if (line.text.trim() === '') return;
    this.any = true;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      out.push({ line: line.line, error: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      out.push({ line: line.line, error: 'each line must be a JSON object' });
      return;
    }
    const forbidden = Object.keys(value).find((k) => FORBIDDEN_KEYS.has(k));
    if (forbidden) {
      out.push({ line: line.line, error: `field name '${forbidden}' is not allowed` });
      return;
    }
    out.push({ line: line.line, record: value as Record<string, unknown> });
  }

  end(): void {
    if (!this.any) throw new ImportFileError('the file is empty: expected one JSON object per line');
  }
}

export async function* readJsonLines(lines: AsyncIterable<Line>): AsyncGenerator<SourceRecord> {
  yield* readEach(lines, new JsonLinesRecordReader());
}

/** The records of a line-at-a-time reader over a stream of lines. */
async function* readEach(
  lines: AsyncIterable<Line>,
  reader: { read(line: Line, out: SourceRecord[]): void; end(out: SourceRecord[]): void },
): AsyncGenerator<SourceRecord> {
  const out: SourceRecord[] = [];
  for await (const line of lines) {
    reader.read(line, out);
    if (out.length > 0) {
      yield* out;
      out.length = 0;
    }
  }
  reader.end(out);
  yield* out;
}

/**
 * CDNOW: `customer_id date(YYYYMMDD) cds dollar_value` (master, with a header line) or
 * `master_id sample_id date cds dollar_value` (the 1/10 sample, no header). CDNOW has no order
 * ids: the n-th row of a customer on a day becomes order `cdnow-<customer>-<date>-<n>`, which
 * is stable when the same file is imported again.
 */
export class CdnowRecordReader {
  /** A line other than blank was met: the first one may be the master file's header. */
  started = false;
  /** The current customer's id as UTF-8 bytes: `lastCustomer[0, lastLength)` (-1: none yet). */
  private lastCustomer = new Uint8Array(64);
  private lastLength = -1;
  /** Rows so far of the current customer by date (YYYYMMDD as a number): a few, so in a list. */
  private dates = new Int32Array(32);
  private rows = new Int32Array(32);
  private seen = 0;
  /** The same, once a customer has more dates than the list holds. */
  private readonly many = new Map<number, number>();
  /** Runs of one customer's rows so far: it grows when the customer changes (the counts restart). */
  runs = 0;

  read(line: Line, out: SourceRecord[]): void {
    if ('error' in line) {
      out.push(line);
      return;
    }
    const fields = line.text.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    if (!this.started && !/^\d+$/.test(fields[0] ?? '')) {
      this.started = true;
      return; // the master file's header line
    }
    this.started = true;
    if (fields.length !== 4 && fields.length !== 5) {
      out.push({ line: line.line, error: cdnowFieldCountError(fields.length) });
      return;
    }
    const [customer = '', date = '', , value] =
      fields.length === 5 ? [fields[0], fields[2], fields[3], fields[4]] : fields;
    if (!/^\d{8}$/.test(date)) {
      out.push({ line: line.line, error: cdnowDateError(date) });
      return;
    }
    const n = this.orderNumber(customer, Number(date));
    out.push({ line: line.line, record: cdnowRecord(customer, date, n, value) });
  }

  /** The number of the customer's next row on the date: 1, 2, … */
  orderNumber(customer: string, date: number): number {
    const utf8 = Buffer.from(customer);
    return this.orderNumberOf(utf8, 0, utf8.length, date);
  }

  /** `orderNumber` for a customer id given as bytes (a byte reader's row): no string per row. */
  orderNumberOf(bytes: Uint8Array, start: number, end: number, date: number): number {
    // CDNOW files are sorted by customer, so the counters of one customer at a time suffice.
    const length = end - start;
    let same = this.lastLength === length;
    for (let i = 0; same && i < length; i++) same = this.lastCustomer[i] === bytes[start + i];
    if (!same) {
      if (length > this.lastCustomer.length) this.lastCustomer = new Uint8Array(length * 2);
      for (let i = 0; i < length; i++) this.lastCustomer[i] = bytes[start + i] as number;
      this.lastLength = length;
      this.runs++;
      this.seen = 0;
      this.many.clear();
    }
    return this.count(date);
  }

  private count(date: number): number {
    if (this.many.size > 0) {
      const n = (this.many.get(date) ?? 0) + 1;
      this.many.set(date, n);
      return n;
    }
    for (let k = 0; k < this.seen; k++)
      if (this.dates[k] === date) {
        this.rows[k] = (this.rows[k] as number) + 1;
        return this.rows[k] as number;
      }
    if (this.seen === this.dates.length) {
      for (let k = 0; k < this.seen; k++) this.many.set(this.dates[k] as number, this.rows[k] as number);
      this.many.set(date, 1);
      return 1;
    }
    this.dates[this.seen] = date;
    this.rows[this.seen++] = 1;
    return 1;
  }

  end(): void {
    if (!this.started) throw new ImportFileError('the file is empty');
  }
}

export const cdnowFieldCountError = (count: number) =>
  `expected 4 fields (master) or 5 (sample), found ${count}`;
export const cdnowDateError = (date: string) => `date '${date}' is not YYYYMMDD`;

/** The order record of a CDNOW row: the n-th of the customer on the date. */
export function cdnowRecord(customer: string, date: string, n: number, value: string | undefined) {
  return {
    order_id: `cdnow-${customer}-${date}-${n}`,
    customer_id: customer,
    ordered_at: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
    amount: value,
    currency: 'USD',
  };
}

export async function* readCdnowRecords(lines: AsyncIterable<Line>): AsyncGenerator<SourceRecord> {
  yield* readEach(lines, new CdnowRecordReader());
}
