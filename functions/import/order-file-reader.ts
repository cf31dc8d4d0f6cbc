/**
 * Reads an order file (CSV, JSON Lines or CDNOW) into purchase histories at the speed of its
 * bytes. Each format's common row — ASCII ids, a date or date-time, a plain amount, the base
 * currency or one with a rate, a known status, simple categories — is checked and read straight
 * from the bytes of the chunk it lies in: no string, record object or schema run per row. Any
 * other row (a quote, an escape, a space, a value out of range, a byte outside ASCII) is decoded
 * and goes through the import's own readers and checks, which accept or reject it with its line
 * and reasons. The two roads give the same histories, counts and rejections; a differential test
 * holds them to it on mixed and generated files in every format.
 */
import { isKnownCurrency } from '../domain/contact-rules.js';
import { orderTimeBounds, roundMoney } from '../domain/order.js';
import { daysFromCivil, isRealDate } from '../domain/timestamps.js';
import type { RecordOrdersDeps } from '../use-cases/record-orders.js';
import { latin1 } from './byte-key-index.js';
import { decodeLine, type Line, type LineVisitor, scanLines } from './line-reader.js';
import { digits, isCustomerId, isOrderId, orderDay, plainAmount, spells } from './order-field-bytes.js';
import { HistoryBuilder, type OrderHistories, type ReadHistoriesOptions } from './order-histories.js';
import {
  CdnowRecordReader,
  CsvRecordReader,
  cdnowDateError,
  cdnowFieldCountError,
  cdnowRecord,
  JsonLinesRecordReader,
  type SourceRecord,
} from './record-readers.js';
import { ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS } from './row-mapping.js';

export type OrderFileFormat = 'csv' | 'jsonl' | 'cdnow';

/** Histories from an order file's bytes; the same result as the record readers + `readOrderHistories`. */
export async function readOrderFile(
  source: AsyncIterable<Uint8Array>,
  format: OrderFileFormat,
  settings: RecordOrdersDeps['settings'],
  options: ReadOrderFileOptions = {},
): Promise<OrderHistories> {
  const { fileBytes, ...reading } = options;
  const builder = new HistoryBuilder(settings, {
    ...reading,
    ...(fileBytes !== undefined && { expectedRows: fileBytes / ROW_BYTES[format] }),
  });
  const reader =
    format === 'csv'
      ? new CsvOrderLines(builder)
      : format === 'jsonl'
        ? new JsonOrderLines(builder)
        : new CdnowOrderLines(builder);
  await scanLines(source, reader);
  reader.end();
  return builder.finish();
}

export interface ReadOrderFileOptions extends ReadHistoriesOptions {
  /** The file's size: its rows are estimated from it, so the columns need not grow while reading. */
  fileBytes?: number;
}

/**
 * Bytes of a short row, per format: a file of this many bytes per row fills the columns made for
 * it (a longer row leaves room to spare, which costs nothing until written; a shorter one, growth).
 */
const ROW_BYTES: Record<OrderFileFormat, number> = { csv: 32, jsonl: 64, cdnow: 16 };

const NOT_COMPLETED = 0;
const COMPLETED = 1;
const NOT_PLAIN = -1;
const MAX_CATEGORIES = 50;
const MAX_CATEGORY_BYTES = 64;

/** What every format's byte road shares: the builder, the plausible times, rates by code. */
abstract class PlainRows implements LineVisitor {
  protected readonly earliestMs: number;
  protected readonly latestMs: number;
  private readonly rates = new Map<number, number>();
  private readonly records: SourceRecord[] = [];
  /** Category ranges of the row at hand: start, end, start, end, … */
  protected categoryRanges = new Int32Array(2 * MAX_CATEGORIES);
  protected categoryCount = 0;

  constructor(protected readonly builder: HistoryBuilder) {
    ({ earliestMs: this.earliestMs, latestMs: this.latestMs } = orderTimeBounds(builder.now));
  }

  abstract line(line: number, bytes: Uint8Array, start: number, end: number): void;
  /** The format's own reader, for every row the byte road leaves. */
  protected abstract read(line: Line, out: SourceRecord[]): void;
  protected abstract finish(out: SourceRecord[]): void;

  error(line: number, error: string): void {
    this.general({ line, error });
  }

  end(): void {
    this.finish(this.records);
    this.flush();
  }

  /** A line through the format's reader and the general checks. */
  protected general(line: Line): void {
    this.read(line, this.records);
    this.flush();
  }

  private flush(): void {
    for (const record of this.records) this.builder.record(record);
    this.records.length = 0;
  }

  /** Units of base currency per unit of the currency `bytes[start, end)` (none: the base), or NaN. */
  protected rate(bytes: Uint8Array, start: number, end: number): number {
    if (start === end) return 1;
    if (end - start !== 3) return Number.NaN;
    const key =
      ((bytes[start] as number) << 16) | ((bytes[start + 1] as number) << 8) | (bytes[start + 2] as number);
    let rate = this.rates.get(key);
    if (rate === undefined) {
      const code = latin1(bytes, start, end);
      const { base, rates } = this.builder.settings.currency;
      rate = code === base ? 1 : isKnownCurrency(code) ? (rates[code] ?? Number.NaN) : Number.NaN;
      this.rates.set(key, rate);
    }
    return rate;
  }

  /** COMPLETED, NOT_COMPLETED or NOT_PLAIN for a status `bytes[start, end)` (none: completed). */
  protected status(bytes: Uint8Array, start: number, end: number): number {
    if (start === end || spells(bytes, start, end, 'completed')) return COMPLETED;
    if (spells(bytes, start, end, 'cancelled') || spells(bytes, start, end, 'returned')) return NOT_COMPLETED;
    return NOT_PLAIN;
  }

  /** Notes one category `bytes[start, end)` for the row; false when it is not plain. */
  protected addCategory(bytes: Uint8Array, start: number, end: number): boolean {
    if (end <= start || end - start > MAX_CATEGORY_BYTES || this.categoryCount === MAX_CATEGORIES)
      return false;
    if (bytes[start] === 0x20 || bytes[end - 1] === 0x20) return false;
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      if (b < 0x20 || b > 0x7e || b === 0x3b || b === 0x22 || b === 0x5c) return false;
    }
    this.categoryRanges[2 * this.categoryCount] = start;
    this.categoryRanges[2 * this.categoryCount + 1] = end;
    this.categoryCount++;
    return true;
  }

  /** A plain row, accepted: counted, de-duplicated by order id, kept with its categories when completed. */
  protected accept(
    idBytes: Uint8Array,
    idStart: number,
    idEnd: number,
    bytes: Uint8Array,
    customerStart: number,
    customerEnd: number,
    day: number,
    amount: number,
    completed: boolean,
  ): void {
    const builder = this.builder;
    builder.row();
    if (!builder.admit(idBytes, idStart, idEnd, completed)) return;
    builder.push(bytes, customerStart, customerEnd, day, amount);
    for (let k = 0; k < this.categoryCount; k++)
      builder.category(bytes, this.categoryRanges[2 * k] as number, this.categoryRanges[2 * k + 1] as number);
  }
}

/** CSV with a header: the header and every row that is not plain go through `CsvRecordReader`. */
class CsvOrderLines extends PlainRows {
  private readonly csv = new CsvRecordReader(REQUIRED_ORDER_COLUMNS);
  /** Column positions once the header is read; null when it names a column the import does not know. */
  private columns: Record<(typeof ORDER_COLUMNS)[number], number> | null | undefined;
  /** The row's fields: `bytes[fieldStart[k], fieldEnd[k])`, one per header column. */
  private fieldStart = new Int32Array(0);
  private fieldEnd = new Int32Array(0);

  line(line: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.columns === undefined && this.csv.header) {
      this.columns = plan(this.csv.header);
      this.fieldStart = new Int32Array(this.csv.header.length);
      this.fieldEnd = new Int32Array(this.csv.header.length);
    }
    if (this.columns && this.csv.atRecordStart) {
      if (start === end) return; // a blank line holds no record
      if (this.plain(bytes, start, end, this.columns)) return;
    }
    this.general(decodeLine(line, bytes, start, end));
  }

  protected read(line: Line, out: SourceRecord[]): void {
    this.csv.read(line, out);
  }

  protected finish(out: SourceRecord[]): void {
    this.csv.end(out);
  }

  private plain(
    bytes: Uint8Array,
    start: number,
    end: number,
    at: Record<(typeof ORDER_COLUMNS)[number], number>,
  ): boolean {
    const s = this.fieldStart;
    const e = this.fieldEnd;
    const width = s.length;
    const kinds = CSV_BYTE;
    let field = 0;
    s[0] = start;
    for (let i = start; i < end; i++) {
      const kind = kinds[bytes[i] as number] as number;
      if (kind === 0) continue;
      if (kind !== CSV_COMMA || ++field === width) return false;
      e[field - 1] = i;
      s[field] = i + 1;
    }
    if (field !== width - 1) return false;
    e[field] = end;
    const id = at.order_id;
    const customer = at.customer_id;
    if (!isOrderId(bytes, s[id] as number, e[id] as number)) return false;
    if (!isCustomerId(bytes, s[customer] as number, e[customer] as number)) return false;
    const day = orderDay(
      bytes,
      s[at.ordered_at] as number,
      e[at.ordered_at] as number,
      this.earliestMs,
      this.latestMs,
    );
    const amount = plainAmount(bytes, s[at.amount] as number, e[at.amount] as number);
    if (Number.isNaN(day) || Number.isNaN(amount)) return false;
    if (!this.blank(at.promo_codes) || !this.blank(at.discount)) return false;
    const rate =
      at.currency === -1 ? 1 : this.rate(bytes, s[at.currency] as number, e[at.currency] as number);
    const status =
      at.status === -1 ? COMPLETED : this.status(bytes, s[at.status] as number, e[at.status] as number);
    if (Number.isNaN(rate) || status === NOT_PLAIN) return false;
    this.categoryCount = 0;
    if (
      at.categories !== -1 &&
      !this.categories(bytes, s[at.categories] as number, e[at.categories] as number)
    )
      return false;
    this.accept(
      bytes,
      s[id] as number,
      e[id] as number,
      bytes,
      s[customer] as number,
      e[customer] as number,
      day,
      roundMoney(amount * rate),
      status === COMPLETED,
    );
    return true;
  }

  /** True for an absent column or an empty field (no closure per row: this is the hot path). */
  private blank(column: number): boolean {
    return column === -1 || this.fieldStart[column] === this.fieldEnd[column];
  }

  /** `a;b; c` as the import reads it: split on `;`, trimmed, blanks dropped. */
  private categories(bytes: Uint8Array, start: number, end: number): boolean {
    let from = start;
    for (let i = start; i <= end; i++) {
      if (i < end && bytes[i] !== 0x3b) continue;
      let a = from;
      let b = i;
      while (a < b && bytes[a] === 0x20) a++;
      while (b > a && bytes[b - 1] === 0x20) b--;
      if (b > a && !this.addCategory(bytes, a, b)) return false;
      from = i + 1;
    }
    return true;
  }
}

/** Per byte, what a plain CSV row makes of it: 0 a field's byte, a comma, or not plain (a quote, a control byte, non-ASCII). */
const CSV_COMMA = 1;
const CSV_NOT_PLAIN = 2;
const CSV_BYTE = new Uint8Array(256).map((_, b) =>
  b === 0x2c ? CSV_COMMA : b === 0x22 || b < 0x20 || b > 0x7e ? CSV_NOT_PLAIN : 0,
);

/** Column positions (-1: absent) for a header of known columns; null when it names another. */
function plan(header: readonly string[]): Record<(typeof ORDER_COLUMNS)[number], number> | null {
  if (header.some((c) => !(ORDER_COLUMNS as readonly string[]).includes(c))) return null;
  return Object.fromEntries(ORDER_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof ORDER_COLUMNS)[number],
    number
  >;
}

const JSON_KINDS = { absent: 0, string: 1, number: 2, null: 3, array: 4 } as const;

/** JSON Lines: a flat object of the order columns with plain values reads from its bytes. */
class JsonOrderLines extends PlainRows {
  private readonly json = new JsonLinesRecordReader();
  /** Per column: the value's kind, and its range (for an array, the range of its first string). */
  private readonly kind = new Uint8Array(ORDER_COLUMNS.length);
  private readonly valueStart = new Int32Array(ORDER_COLUMNS.length);
  private readonly valueEnd = new Int32Array(ORDER_COLUMNS.length);
  /** The columns of the last plain line's keys, in its order: the next line's likely keys. */
  private readonly shape = new Int32Array(ORDER_COLUMNS.length);
  private shapeLength = 0;
  /** The chunk at hand as 32-bit words, for comparing the expected keys four bytes at a time. */
  private words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private wordsOf: Uint8Array | null = null;

  line(line: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.plain(bytes, start, end)) {
      this.json.sawRecord();
      return;
    }
    this.general(decodeLine(line, bytes, start, end));
  }

  protected read(line: Line, out: SourceRecord[]): void {
    this.json.read(line, out);
  }

  protected finish(): void {
    this.json.end();
  }

  private plain(bytes: Uint8Array, start: number, end: number): boolean {
    // A loop, not `fill`: a native call per row costs more than nine stores.
    for (let c = 0; c < this.kind.length; c++) this.kind[c] = JSON_KINDS.absent;
    this.categoryCount = 0;
    let i = skipSpace(bytes, start, end);
    if (bytes[i] !== 0x7b) return false;
    i = skipSpace(bytes, i + 1, end);
    if (bytes[i] === 0x7d) return false; // {}: the general road says what is missing
    if (bytes !== this.wordsOf) {
      this.wordsOf = bytes;
      this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const shape = this.shape;
    for (let k = 0; ; k++) {
      if (bytes[i] !== 0x22) return false;
      // The lines of a file usually name the same keys in the same order: the key the last line
      // had here, as `"name":`, is compared whole before the key is read byte by byte.
      let column = k < this.shapeLength ? (shape[k] as number) : -1;
      if (column !== -1 && this.kind[column] === JSON_KINDS.absent && this.hasKey(bytes, i, end, column))
        i += (KEY_BYTES[column] as Uint8Array).length;
      else {
        const keyEnd = stringEnd(bytes, i + 1, end);
        if (keyEnd === -1) return false;
        column = columnOf(bytes, i + 1, keyEnd);
        if (column === -1 || this.kind[column] !== JSON_KINDS.absent) return false;
        i = skipSpace(bytes, keyEnd + 1, end);
        if (bytes[i] !== 0x3a) return false;
        i++;
      }
      shape[k] = column;
      i = skipSpace(bytes, i, end);
      i = this.value(bytes, i, end, column);
      if (i === -1) return false;
      i = skipSpace(bytes, i, end);
      if (bytes[i] === 0x2c) {
        i = skipSpace(bytes, i + 1, end);
        continue;
      }
      if (bytes[i] !== 0x7d || skipSpace(bytes, i + 1, end) !== end) return false;
      this.shapeLength = k + 1;
      break;
    }
    return this.plainRecord(bytes);
  }

  /** Whether `bytes[at…]` starts with `column`'s key as `"name":`, compared a word at a time. */
  private hasKey(bytes: Uint8Array, at: number, end: number, column: number): boolean {
    const key = KEY_BYTES[column] as Uint8Array;
    const words = KEY_WORDS[column] as Int32Array;
    if (at + key.length > end) return false;
    const view = this.words;
    for (let w = 0; w < words.length; w++) if (view.getInt32(at + 4 * w, true) !== words[w]) return false;
    for (let k = 4 * words.length; k < key.length; k++) if (bytes[at + k] !== key[k]) return false;
    return true;
  }

  /** Reads the value at `i` for `column`; the position after it, or -1 when it is not plain. */
  private value(bytes: Uint8Array, i: number, end: number, column: number): number {
    const b = bytes[i];
    if (b === 0x22) {
      const close = stringEnd(bytes, i + 1, end);
      if (close === -1) return -1;
      this.set(column, JSON_KINDS.string, i + 1, close);
      return close + 1;
    }
    if (b === 0x6e) {
      if (!spells(bytes, i, Math.min(end, i + 4), 'null')) return -1;
      this.set(column, JSON_KINDS.null, i, i + 4);
      return i + 4;
    }
    if (b !== undefined && b >= 0x30 && b <= 0x39) {
      let j = i;
      while (j < end && (((bytes[j] as number) >= 0x30 && (bytes[j] as number) <= 0x39) || bytes[j] === 0x2e))
        j++;
      // JSON has no leading zeros: `012` is not a number there, so not plain here either.
      if (b === 0x30 && j > i + 1 && bytes[i + 1] !== 0x2e) return -1;
      this.set(column, JSON_KINDS.number, i, j);
      return j;
    }
    if (b === 0x5b && column === CATEGORIES) {
      let j = skipSpace(bytes, i + 1, end);
      this.set(column, JSON_KINDS.array, j, j);
      if (bytes[j] === 0x5d) return j + 1;
      for (;;) {
        if (bytes[j] !== 0x22) return -1;
        const close = stringEnd(bytes, j + 1, end);
        if (close === -1 || !this.addCategory(bytes, j + 1, close)) return -1;
        j = skipSpace(bytes, close + 1, end);
        if (bytes[j] === 0x5d) return j + 1;
        if (bytes[j] !== 0x2c) return -1;
        j = skipSpace(bytes, j + 1, end);
      }
    }
    return -1;
  }

  private isString(column: number): boolean {
    return this.kind[column] === JSON_KINDS.string;
  }

  /** Absent, null or "": what the general road's `isBlank` takes for no value. */
  private blank(column: number): boolean {
    const kind = this.kind[column];
    return (
      kind === JSON_KINDS.absent ||
      kind === JSON_KINDS.null ||
      (kind === JSON_KINDS.string && this.valueStart[column] === this.valueEnd[column])
    );
  }

  private set(column: number, kind: number, start: number, end: number): void {
    this.kind[column] = kind;
    this.valueStart[column] = start;
    this.valueEnd[column] = end;
  }

  /** The row's values as the general checks would take them, or false when one is not plain. */
  private plainRecord(bytes: Uint8Array): boolean {
    const { kind, valueStart: s, valueEnd: e } = this;
    // Methods, not closures made per row (each closure is also named by the TypeScript loader).
    if (
      !this.isString(ORDER_ID) ||
      !this.isString(CUSTOMER_ID) ||
      !this.isString(ORDERED_AT) ||
      kind[AMOUNT] !== JSON_KINDS.number
    )
      return false;
    if (!isOrderId(bytes, s[ORDER_ID] as number, e[ORDER_ID] as number)) return false;
    if (!isCustomerId(bytes, s[CUSTOMER_ID] as number, e[CUSTOMER_ID] as number)) return false;
    const day = orderDay(
      bytes,
      s[ORDERED_AT] as number,
      e[ORDERED_AT] as number,
      this.earliestMs,
      this.latestMs,
    );
    const amount = plainAmount(bytes, s[AMOUNT] as number, e[AMOUNT] as number);
    if (Number.isNaN(day) || Number.isNaN(amount)) return false;
    if (!this.blank(PROMO_CODES) || !this.blank(DISCOUNT)) return false;
    if (!this.blank(CATEGORIES) && kind[CATEGORIES] !== JSON_KINDS.array) return false;
    const rate = this.blank(CURRENCY)
      ? 1
      : this.isString(CURRENCY)
        ? this.rate(bytes, s[CURRENCY] as number, e[CURRENCY] as number)
        : Number.NaN;
    const status = this.blank(STATUS)
      ? COMPLETED
      : this.isString(STATUS)
        ? this.status(bytes, s[STATUS] as number, e[STATUS] as number)
        : NOT_PLAIN;
    if (Number.isNaN(rate) || status === NOT_PLAIN) return false;
    this.accept(
      bytes,
      s[ORDER_ID] as number,
      e[ORDER_ID] as number,
      bytes,
      s[CUSTOMER_ID] as number,
      e[CUSTOMER_ID] as number,
      day,
      roundMoney(amount * rate),
      status === COMPLETED,
    );
    return true;
  }
}

/** Column positions in `ORDER_COLUMNS` (and so in the JSON reader's per-column arrays). */
const at = (column: (typeof ORDER_COLUMNS)[number]) => ORDER_COLUMNS.indexOf(column);
const ORDER_ID = at('order_id');
const CUSTOMER_ID = at('customer_id');
const ORDERED_AT = at('ordered_at');
const AMOUNT = at('amount');
const CURRENCY = at('currency');
const CATEGORIES = at('categories');
const STATUS = at('status');
const PROMO_CODES = at('promo_codes');
const DISCOUNT = at('discount');

/** The columns by the length of their names, as bytes: a key is compared with one to three names. */
const COLUMNS_BY_LENGTH: { column: number; name: Uint8Array }[][] = [];
ORDER_COLUMNS.forEach((name, column) => {
  COLUMNS_BY_LENGTH[name.length] ??= [];
  COLUMNS_BY_LENGTH[name.length]?.push({ column, name: Buffer.from(name) });
});

/** Each column's key as a plain line spells it, quotes and colon included: `"order_id":`. */
const KEY_BYTES = ORDER_COLUMNS.map((name) => Buffer.from(`"${name}":`));
/** Each key's whole 4-byte words, little-endian (as `DataView#getInt32(…, true)` reads them). */
const KEY_WORDS = KEY_BYTES.map((key) => {
  const words = new Int32Array(Math.floor(key.length / 4));
  for (let w = 0; w < words.length; w++) words[w] = key.readInt32LE(4 * w);
  return words;
});

function columnOf(bytes: Uint8Array, start: number, end: number): number {
  const candidates = COLUMNS_BY_LENGTH[end - start];
  if (candidates === undefined) return -1;
  for (const { column, name } of candidates) {
    let same = true;
    for (let i = 0; same && i < name.length; i++) same = name[i] === bytes[start + i];
    if (same) return column;
  }
  return -1;
}

/** The closing quote of a JSON string of plain ASCII (no escape, no control byte), or -1. */
function stringEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = bytes[i] as number;
    if (b === 0x22) return i;
    if (b === 0x5c || b < 0x20 || b > 0x7e) return -1;
  }
  return -1;
}

function skipSpace(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  return i;
}

/** CDNOW's whitespace-separated fields; every line that is not plain ASCII through `CdnowRecordReader`. */
class CdnowOrderLines extends PlainRows {
  private readonly cdnow = new CdnowRecordReader();
  private readonly tokenStart = new Int32Array(6);
  private readonly tokenEnd = new Int32Array(6);
  private orderId = new Uint8Array(160);
  /** While the builder defers ids: each plain row's n (its id's last part), by column row. */
  private ns = new Int32Array(1 << 16);
  /** YYYYMMDD of an epoch day as bytes, for the ids named late. */
  private readonly dates = new Map<number, Uint8Array>();

  constructor(builder: HistoryBuilder) {
    super(builder);
    builder.deferOrderIds({
      run: () => this.cdnow.runs,
      noteId: (row, ids) => ids.add(this.orderId, 0, this.writeIdOf(row), row),
    });
  }

  line(line: number, bytes: Uint8Array, start: number, end: number): void {
    if (!this.plain(line, bytes, start, end)) this.general(decodeLine(line, bytes, start, end));
  }

  /**
   * The id a plain row was read with, `cdnow-<customer>-<YYYYMMDD>-<n>`, into `orderId` from the
   * row's columns (as bytes: a late return names every row before it); its length.
   */
  private writeIdOf(row: number): number {
    const { customers, columns } = this.builder;
    const day = columns.day[row] as number;
    let date = this.dates.get(day);
    if (date === undefined) {
      date = Buffer.from(new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));
      this.dates.set(day, date);
    }
    const customer = columns.customer[row] as number;
    const n = this.ns[row] as number;
    const length = this.orderIdLength(customers.keyLength(customer), n);
    if (length > this.orderId.length) this.orderId = new Uint8Array(length * 2);
    const id = this.orderId;
    for (let k = 0; k < 6; k++) id[k] = PREFIX[k] as number;
    return this.writeDateAndNumber(customers.writeKey(customer, id, 6), date, 0, n);
  }

  protected read(line: Line, out: SourceRecord[]): void {
    this.cdnow.read(line, out);
  }

  protected finish(): void {
    this.cdnow.end();
  }

  private plain(line: number, bytes: Uint8Array, start: number, end: number): boolean {
    let count = 0;
    let inToken = false;
    for (let i = start; i < end; i++) {
      const b = bytes[i] as number;
      const space = b === 0x20 || (b >= 0x09 && b <= 0x0d);
      if (b > 0x7e || (b < 0x20 && !space)) return false;
      if (space) {
        if (inToken && count <= 6) this.tokenEnd[count - 1] = i;
        inToken = false;
      } else if (!inToken) {
        inToken = true;
        if (++count <= 6) this.tokenStart[count - 1] = i;
      }
    }
    if (inToken && count <= 6) this.tokenEnd[count - 1] = end;
    if (count === 0) return true; // a blank line
    const ts = this.tokenStart;
    const te = this.tokenEnd;
    if (!this.cdnow.started) {
      this.cdnow.started = true;
      if (digits(bytes, ts[0] as number, (te[0] as number) - (ts[0] as number)) < 0) return true; // the header
    }
    const builder = this.builder;
    if (count !== 4 && count !== 5) {
      builder.record({ line, error: cdnowFieldCountError(count) });
      return true;
    }
    // The sample has one more field (its sample id) before the date.
    const d = count === 5 ? 2 : 1;
    const v = d + 2;
    const dateStart = ts[d] as number;
    const dateEnd = te[d] as number;
    const date = dateEnd - dateStart === 8 ? digits(bytes, dateStart, 8) : -1;
    if (date < 0) {
      builder.record({ line, error: cdnowDateError(latin1(bytes, dateStart, dateEnd)) });
      return true;
    }
    const customerStart = ts[0] as number;
    const customerEnd = te[0] as number;
    const n = this.cdnow.orderNumberOf(bytes, customerStart, customerEnd, date);
    const valueStart = ts[v] as number;
    const valueEnd = te[v] as number;
    const deferred = builder.orderIdsDeferred;
    const idLength = deferred
      ? this.orderIdLength(customerEnd - customerStart, n)
      : this.writeOrderId(bytes, customerStart, customerEnd, dateStart, n);
    const y = Math.floor(date / 10_000);
    const m = Math.floor(date / 100) % 100;
    const dd = date % 100;
    const real = m >= 1 && m <= 12 && dd >= 1 && isRealDate(y, m, dd);
    const day = daysFromCivil(y, m, dd);
    const at = day * 86_400_000;
    const amount = plainAmount(bytes, valueStart, valueEnd);
    const rate = this.usd();
    const plainRow =
      isCustomerId(bytes, customerStart, customerEnd) &&
      idLength <= 128 &&
      real &&
      at >= this.earliestMs &&
      at <= this.latestMs &&
      !Number.isNaN(amount) &&
      !Number.isNaN(rate);
    if (!plainRow) {
      const customer = latin1(bytes, customerStart, customerEnd);
      const record = cdnowRecord(
        customer,
        latin1(bytes, dateStart, dateEnd),
        n,
        latin1(bytes, valueStart, valueEnd),
      );
      builder.record({ line, record });
      return true;
    }
    this.categoryCount = 0;
    if (deferred) {
      const row = builder.columns.length;
      // Rows the general checks took count in `row` too: it can pass the length, not only meet it.
      if (row >= this.ns.length) {
        const ns = new Int32Array(Math.max(row + 1, this.ns.length * 2));
        ns.set(this.ns);
        this.ns = ns;
      }
      this.ns[row] = n;
      builder.row();
      builder.admitDeferred();
      builder.push(bytes, customerStart, customerEnd, day, roundMoney(amount * rate));
      return true;
    }
    this.accept(
      this.orderId,
      0,
      idLength,
      bytes,
      customerStart,
      customerEnd,
      day,
      roundMoney(amount * rate),
      true,
    );
    return true;
  }

  /** The length of `cdnow-<customer>-<YYYYMMDD>-<n>` for a customer id of `customerLength` bytes. */
  private orderIdLength(customerLength: number, n: number): number {
    return 6 + customerLength + 10 + (n < 10 ? 1 : String(n).length);
  }

  /** `cdnow-<customer>-<YYYYMMDD>-<n>` into `orderId`; its length. */
  private writeOrderId(bytes: Uint8Array, start: number, end: number, dateStart: number, n: number): number {
    const length = this.orderIdLength(end - start, n);
    if (length > this.orderId.length) this.orderId = new Uint8Array(length * 2);
    // Byte by byte: a subarray per row (to copy with `set`) costs more than the copy.
    const id = this.orderId;
    for (let k = 0; k < 6; k++) id[k] = PREFIX[k] as number;
    let at = 6;
    for (let k = start; k < end; k++) id[at++] = bytes[k] as number;
    return this.writeDateAndNumber(at, bytes, dateStart, n);
  }

  /** `-<YYYYMMDD>-<n>` into `orderId` at `at`, the date's 8 bytes from `date[dateStart…]`; the end. */
  private writeDateAndNumber(from: number, date: Uint8Array, dateStart: number, n: number): number {
    const id = this.orderId;
    let at = from;
    id[at++] = 0x2d;
    for (let k = dateStart; k < dateStart + 8; k++) id[at++] = date[k] as number;
    id[at++] = 0x2d;
    if (n < 10) id[at++] = 0x30 + n;
    else {
      const text = String(n);
      for (let k = 0; k < text.length; k++) id[at++] = text.charCodeAt(k);
    }
    return at;
  }

  private usdRate: number | undefined;
  private usd(): number {
    this.usdRate ??= this.rate(USD, 0, 3);
    return this.usdRate;
  }
}

const PREFIX = Buffer.from('cdnow-');
const USD = Buffer.from('USD');
