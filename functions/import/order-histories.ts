/**
 * Reads an order file into per-customer purchase histories for fitting, scoring and
 * backtesting, without touching a database: the same readers and the same order checks as the
 * import (so a row the import would refuse is refused here, with its line and reasons), then a
 * compact columnar store — one customer index, day and amount per order — sorted once at the end.
 * Cancelled and returned orders are skipped; an order id seen twice counts once.
 */
import { roundMoney } from '../domain/order.js';
import type { PurchaseHistory } from '../domain/scoring/scoring-model.js';
import { epochDay } from '../domain/timestamps.js';
import { checkOrder, type RecordOrdersDeps } from '../use-cases/record-orders.js';
import { ByteKeyIndex } from './byte-key-index.js';
import { type CustomerKeys, CustomerRuns } from './customer-runs.js';
import type { Rejection } from './import-runner.js';
import { OrderIdDedup } from './order-id-dedup.js';
import type { SourceRecord } from './record-readers.js';
import { inColumnTerms, orderFromRow } from './row-mapping.js';

export interface OrderHistoryCounts {
  rows: number;
  accepted: number;
  rejected: number;
  /** Cancelled or returned: read but not counted as purchases. */
  notCompleted: number;
  duplicates: number;
}

export interface OrderHistories {
  counts: OrderHistoryCounts;
  customers: number;
  firstDay: number;
  lastDay: number;
  /**
   * Histories as of a day: only orders on or before it; `laterDays` are the purchase days in
   * (asOf, until]. Of the customers numbered `from` to `to` (exclusive) only, when given: a share
   * to score. `categories: false` leaves the histories' categories out, for a reader with no use
   * for them.
   */
  at(
    asOfDay: number,
    untilDay?: number,
    from?: number,
    to?: number,
    options?: { categories?: boolean },
  ): Generator<{ customerId: string; history: PurchaseHistory; laterDays: number[] }>;
  /** The data behind the histories, to give a worker thread. */
  parts: HistoryParts;
  /**
   * What a fit needs of every customer who had bought by the day, as columns (no object per
   * customer): the customers in the order `at` yields them, the first `length` entries filled.
   */
  recencies(asOfDay: number): RecencyColumns;
}

/** Whole days and base-currency spend, per customer who had bought by the as-of day. */
export interface RecencyColumns {
  length: number;
  /** Purchase days after the first. */
  x: Int32Array;
  /** First to last purchase day. */
  txDays: Int32Array;
  /** First purchase day to the as-of day. */
  TDays: Int32Array;
  spend: Float64Array;
  firstDaySpend: Float64Array;
}

/** How a reader with deferred order ids (`HistoryBuilder.deferOrderIds`) tells its runs and names its rows. */
export interface OrderIdDeferral {
  /** The number of the run of one customer's rows the reader is in (it changes with the customer). */
  run(): number;
  /** Notes in `ids` the order id of the completed row `row` (a column row) the reader admitted. */
  noteId(row: number, ids: OrderIdDedup): void;
}

/** One row per accepted completed order: customer number, day, base amount and categories. */
class OrderColumns {
  customer: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  /** The order's category numbers are `categoryIds[categoryStart[i], categoryStart[i + 1])`. */
  categoryStart: Int32Array;
  categoryIds = new Int32Array(1 << 10);
  length = 0;

  constructor(rows: number) {
    this.customer = new Int32Array(rows);
    this.day = new Int32Array(rows);
    this.amount = new Float64Array(rows);
    this.categoryStart = new Int32Array(rows + 1);
  }

  push(customer: number, day: number, amount: number): void {
    const i = this.length;
    if (i === this.customer.length) {
      this.customer = grow(this.customer, i * 2);
      this.day = grow(this.day, i * 2);
      this.amount = grow(this.amount, i * 2);
      this.categoryStart = grow(this.categoryStart, i * 2 + 1);
    }
    this.customer[i] = customer;
    this.day[i] = day;
    this.amount[i] = amount;
    this.categoryStart[i + 1] = this.categoryStart[i] as number;
    this.length = i + 1;
  }

  /** A category of the order pushed last (each counted once per order). */
  addCategory(id: number): void {
    const from = this.categoryStart[this.length - 1] as number;
    const to = this.categoryStart[this.length] as number;
    for (let k = from; k < to; k++) if (this.categoryIds[k] === id) return;
    if (to === this.categoryIds.length) this.categoryIds = grow(this.categoryIds, to * 2);
    this.categoryIds[to] = id;
    this.categoryStart[this.length] = to + 1;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, length: number): T {
  const next = new (a.constructor as { new (n: number): T })(length);
  next.set(a);
  return next;
}

export interface ReadHistoriesOptions {
  onRejection?: (rejection: Rejection) => void;
  onProgress?: (counts: OrderHistoryCounts) => void;
  /**
   * Rows the file may hold (from its size): the columns are made that long at once instead of
   * growing by doubling, each growth a copy. Pages never written cost no memory.
   */
  expectedRows?: number;
}

/** Rows the columns start with when the file's size is not known, and the most they start with. */
const INITIAL_ROWS = 1 << 16;
const MAX_INITIAL_ROWS = 1 << 25;

/**
 * Orders gathered into columns as they are read, counted, de-duplicated by order id. Rows come
 * by two roads: `record` (a record through the general checks, the import's) and `admit` + `push`
 * (a row a format's byte reader has already found plain: valid, read as the checks read it).
 */
export class HistoryBuilder {
  readonly counts: OrderHistoryCounts = { rows: 0, accepted: 0, rejected: 0, notCompleted: 0, duplicates: 0 };
  /** Customers numbered as they come: for a reader that defers order ids (it asks who came back). */
  readonly customers = new ByteKeyIndex(1 << 16);
  /** Customers numbered at the end (`customer-runs.ts`): every other reader; null once ids are deferred. */
  private runs: CustomerRuns | null;
  /** Every accepted row's order id, tagged with its column row (-1: not completed). */
  readonly orderIds: OrderIdDedup;
  readonly categories = new ByteKeyIndex(64);
  readonly columns: OrderColumns;
  readonly now: Date;
  /** Set while a reader's order ids cannot repeat (`deferOrderIds`); null once they are noted. */
  private deferral: OrderIdDeferral | null = null;
  /** The deferral's run at the last completed row. */
  private lastRun = -1;
  /** Ids of the rows the general checks took while deferred, by row (the reader names the rest). */
  private readonly deferredIds = new Map<number, string>();
  /** Category numbers met lately, by a slot of their name (-1: none). */
  private readonly recentCategories = new Int32Array(64).fill(-1);

  constructor(
    readonly settings: RecordOrdersDeps['settings'],
    private readonly options: ReadHistoriesOptions,
  ) {
    this.now = settings.clock();
    const rows = Math.min(MAX_INITIAL_ROWS, Math.max(INITIAL_ROWS, Math.ceil(options.expectedRows ?? 0)));
    this.columns = new OrderColumns(rows);
    this.orderIds = new OrderIdDedup(rows);
    this.runs = new CustomerRuns(Math.min(rows, 1 << 20));
  }

  /** A row of the file, whatever becomes of it. */
  row(): void {
    this.counts.rows++;
    if (this.counts.rows % 50_000 === 0) this.options.onProgress?.(this.counts);
  }

  /** A row through the general checks: the same as the import's. */
  record(item: SourceRecord): void {
    this.row();
    if ('error' in item) {
      this.reject(item.line, [item.error]);
      return;
    }
    const mapped = orderFromRow(item.record);
    const check = checkOrder(mapped.record, this.settings, this.now);
    if (mapped.reasons.length > 0 || !check.ok) {
      const more = check.ok
        ? []
        : check.reasons.filter((r) => !mapped.fields.some((f) => r.startsWith(`${f}:`)));
      this.reject(item.line, [...mapped.reasons, ...more]);
      return;
    }
    const { order } = check;
    this.counts.accepted++;
    if (order.status !== 'completed') {
      this.counts.notCompleted++;
      this.noteDeferredIds();
      this.orderIds.addString(order.orderId, -1);
      return;
    }
    if (this.deferral) this.deferredIds.set(this.columns.length, order.orderId);
    else this.orderIds.addString(order.orderId, this.columns.length);
    const known = this.customers.size;
    const customer = this.runs
      ? this.runs.runOfString(order.customerId)
      : this.customers.numberOfString(order.customerId);
    this.pushCustomer(customer, epochDay(order.day), order.baseAmount, known);
    for (const name of order.categories) {
      const utf8 = Buffer.from(name);
      this.columns.addCategory(this.categories.numberOf(utf8, 0, utf8.length));
    }
  }

  /**
   * A plain row's order id (`bytes[idStart, idEnd)`), accepted (a repeated id is found and taken
   * back at the end): true when it is completed, and the caller then `push`es it. The caller has
   * called `row()`.
   */
  admit(bytes: Uint8Array, idStart: number, idEnd: number, completed: boolean): boolean {
    this.counts.accepted++;
    if (!completed) this.counts.notCompleted++;
    this.orderIds.add(bytes, idStart, idEnd, completed ? this.columns.length : -1);
    return completed;
  }

  /** `admit` for a completed row whose id the deferral names (`deferOrderIds`). */
  admitDeferred(): void {
    this.counts.accepted++;
  }

  /** A plain completed order of the customer `bytes[start, end)`, admitted just before. */
  push(bytes: Uint8Array, start: number, end: number, day: number, amount: number): void {
    if (this.runs) {
      this.columns.push(this.runs.runOf(bytes, start, end), day, amount);
      return;
    }
    const known = this.customers.size;
    this.pushCustomer(this.customers.numberOf(bytes, start, end), day, amount, known);
  }

  /**
   * For a reader whose ids cannot repeat until a customer's rows come back after another's (CDNOW:
   * an id is the customer's n-th row of a day, counted afresh in each run of their rows): ids are
   * not noted while every run is a new customer's, which spares most files the whole
   * de-duplication. When a known customer starts a run, every row so far is noted, by name, in
   * file order, and the rest as they come.
   */
  deferOrderIds(deferral: OrderIdDeferral): void {
    if (this.columns.length > 0 || this.counts.accepted > 0) throw new Error('defer before the first row');
    this.deferral = deferral;
    this.runs = null;
  }

  /** Whether order ids are still deferred: the reader then need not make them. */
  get orderIdsDeferred(): boolean {
    return this.deferral !== null;
  }

  /** Pushes a completed order; `known` is the number of customers before its customer was looked up. */
  private pushCustomer(customer: number, day: number, amount: number, known: number): void {
    this.columns.push(customer, day, amount);
    const deferral = this.deferral;
    if (!deferral) return;
    const run = deferral.run();
    if (run === this.lastRun) return;
    this.lastRun = run;
    // A run's first completed row, of a customer numbered before it: they have come back.
    if (customer < known) this.noteDeferredIds();
  }

  /** A category (`bytes[start, end)`, UTF-8) of the order pushed last. */
  category(bytes: Uint8Array, start: number, end: number): void {
    // A shop has a few categories, met millions of times: a slot picked by the name's length and
    // ends finds most of them by one comparison, without hashing the name.
    const slot = ((end - start) * 31 + (bytes[start] as number) * 7 + (bytes[end - 1] as number)) & 63;
    const recent = this.recentCategories[slot] as number;
    let n: number;
    if (recent >= 0 && this.categories.holds(recent, bytes, start, end)) n = recent;
    else {
      n = this.categories.numberOf(bytes, start, end);
      this.recentCategories[slot] = n;
    }
    this.columns.addCategory(n);
  }

  /** Notes every deferred row's id, in file order, and ends the deferral. */
  private noteDeferredIds(): void {
    const deferral = this.deferral;
    if (!deferral) return;
    this.deferral = null;
    for (let row = 0; row < this.columns.length; row++) {
      const general = this.deferredIds.get(row);
      if (general === undefined) deferral.noteId(row, this.orderIds);
      else this.orderIds.addString(general, row);
    }
    this.deferredIds.clear();
  }

  reject(line: number, reasons: string[]): void {
    this.counts.rejected++;
    this.options.onRejection?.({ line, reasons: reasons.map(inColumnTerms) });
  }

  finish(): OrderHistories {
    const counts = this.counts;
    const customer = this.columns.customer;
    let customers: CustomerKeys = this.customers;
    if (this.runs) {
      // Each row's run becomes its customer.
      const resolved = this.runs.resolve();
      const customerOf = resolved.customerOf;
      const rows = this.columns.length;
      for (let i = 0; i < rows; i++) customer[i] = customerOf[customer[i] as number] as number;
      customers = resolved.keys;
    }
    // A repeated order id counts once, as its first row: the later rows are taken back.
    this.orderIds.repeats((row) => {
      counts.duplicates++;
      counts.accepted--;
      if (row === -1) counts.notCompleted--;
      else customer[row] = -1;
    });
    this.options.onProgress?.(counts);
    const idNumber = renumberCustomers(customers, this.columns, counts.duplicates > 0);
    return historiesOver(summarise(counts, customers, idNumber, this.columns, this.categories));
  }
}

/** Histories from records of any format (CDNOW, JSON Lines, CSV), each through the general checks. */
export async function readOrderHistories(
  records: AsyncIterable<SourceRecord>,
  settings: RecordOrdersDeps['settings'],
  options: ReadHistoriesOptions = {},
): Promise<OrderHistories> {
  const builder = new HistoryBuilder(settings, options);
  for await (const item of records) builder.record(item);
  return builder.finish();
}

/**
 * The customers' numbers as the histories give them, over the index's: null when they are the
 * same. Customers are numbered as their first order appears; when repeated order ids were taken
 * back (their rows' customer set to -1), the customers are numbered again over the rows that stay,
 * so a customer seen only in a repeat is gone and the order is the same as if the repeats had
 * never been read. Returns the index's number of each new number.
 */
function renumberCustomers(
  customers: CustomerKeys,
  columns: OrderColumns,
  renumber: boolean,
): Int32Array | null {
  if (!renumber) return null;
  const remap = new Int32Array(customers.size).fill(-1);
  const original: number[] = [];
  const customer = columns.customer;
  for (let i = 0; i < columns.length; i++) {
    const c = customer[i] as number;
    if (c < 0) continue;
    let number = remap[c] as number;
    if (number === -1) {
      number = original.length;
      remap[c] = number;
      original.push(c);
    }
    customer[i] = number;
  }
  return Int32Array.from(original);
}

/**
 * What histories are made of, as plain data — typed arrays, strings and numbers — so a worker
 * thread can be given them (`historiesOver`) and score a share of the customers.
 */
export interface HistoryParts {
  counts: OrderHistoryCounts;
  customers: number;
  firstDay: number;
  lastDay: number;
  /** Customer c's orders are `order[segment[c], segment[c + 1])`, by day. */
  segment: Int32Array;
  order: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  categoryStart: Int32Array;
  categoryIds: Int32Array;
  categoryNames: string[];
  /** Each category's place in name order. */
  categoryRank: Int32Array;
  /** Customer ids: `idBytes[idStarts[k], idStarts[k + 1])` for k = `idNumber[c]` (or c without it). */
  idBytes: Uint8Array;
  idStarts: Int32Array;
  idNumber: Int32Array | null;
}

/**
 * Orders grouped by customer (a counting sort: customers are numbered densely) and by day within
 * each customer (stable: orders of one day keep the file's order), as parts to read histories from.
 */
function summarise(
  counts: OrderHistoryCounts,
  customers: CustomerKeys,
  idNumber: Int32Array | null,
  columns: OrderColumns,
  categories: ByteKeyIndex,
): HistoryParts {
  const n = columns.length;
  const { customer, day, amount } = columns;
  const customerCount = idNumber ? idNumber.length : customers.size;
  const segment = new Int32Array(customerCount + 1);
  // Rows taken back (a repeated order id) have customer -1 and are left out.
  for (let i = 0; i < n; i++)
    if ((customer[i] as number) >= 0) (segment[(customer[i] as number) + 1] as number)++;
  for (let c = 0; c < customerCount; c++)
    segment[c + 1] = (segment[c + 1] as number) + (segment[c] as number);
  const order = new Int32Array(segment[customerCount] as number);
  const next = segment.slice(0, customerCount);
  for (let i = 0; i < n; i++)
    if ((customer[i] as number) >= 0) order[(next[customer[i] as number] as number)++] = i;
  for (let c = 0; c < customerCount; c++)
    sortByDay(order, segment[c] as number, segment[c + 1] as number, day);

  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if ((customer[i] as number) < 0) continue;
    const d = day[i] as number;
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  const categoryNames = Array.from({ length: categories.size }, (_, k) =>
    Buffer.from(categories.key(k), 'latin1').toString('utf8'),
  );
  // Each order's categories in name order, as the order checks sort them.
  const rank = new Int32Array(categoryNames.length);
  categoryNames
    .map((name, k) => ({ name, k }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .forEach(({ k }, r) => {
      rank[k] = r;
    });
  const { categoryStart, categoryIds } = columns;
  return {
    counts,
    customers: customerCount,
    firstDay,
    lastDay,
    segment,
    order,
    day: day.subarray(0, n),
    amount: amount.subarray(0, n),
    categoryStart: categoryStart.subarray(0, n + 1),
    categoryIds,
    categoryNames,
    categoryRank: rank,
    ...customers.parts(),
    idNumber,
  };
}

/** Histories read from their parts (in the thread that read the file, or in a worker given them). */
export function historiesOver(parts: HistoryParts): OrderHistories {
  const { counts, firstDay, lastDay, segment, order, day, amount, categoryStart, categoryIds } = parts;
  const { categoryNames, categoryRank: rank, idBytes, idStarts, idNumber } = parts;
  const customerCount = parts.customers;
  // One Buffer over the ids (a worker is given a plain Uint8Array): a string per customer, no view.
  const ids = Buffer.from(idBytes.buffer, idBytes.byteOffset, idBytes.length);
  const customerId = (c: number) => {
    const k = idNumber ? (idNumber[c] as number) : c;
    return ids.toString('latin1', idStarts[k] as number, idStarts[k + 1] as number);
  };
  /** An order's categories sorted by name (a few at most): reused for every order. */
  let sorted = new Int32Array(8);
  return {
    counts,
    customers: customerCount,
    firstDay,
    lastDay,
    parts,
    *at(asOfDay: number, untilDay = asOfDay, from = 0, to = customerCount, options = {}) {
      const withCategories = options.categories !== false;
      for (let who = from; who < to; who++) {
        const purchaseDays: number[] = [];
        const bought = withCategories ? new Map<string, { lastDay: number; orders: number }>() : undefined;
        let spend = 0;
        let firstDaySpend = 0;
        const laterDays: number[] = [];
        for (let j = segment[who] as number; j < (segment[who + 1] as number); j++) {
          const k = order[j] as number;
          const d = day[k] as number;
          if (d > asOfDay) {
            if (d <= untilDay && laterDays[laterDays.length - 1] !== d) laterDays.push(d);
            continue;
          }
          const value = amount[k] as number;
          if (purchaseDays.length === 0 || purchaseDays[purchaseDays.length - 1] !== d) purchaseDays.push(d);
          // Rounded as the order ledger rounds its running sums, so a file and the store agree.
          if (purchaseDays.length === 1) firstDaySpend = roundMoney(firstDaySpend + value);
          spend = roundMoney(spend + value);
          if (!bought) continue;
          const from = categoryStart[k] as number;
          const count = (categoryStart[k + 1] as number) - from;
          if (count === 1) noteCategory(bought, categoryNames[categoryIds[from] as number] as string, d);
          else if (count > 1) {
            // By name (their rank), so the map's order is the names' whatever the file's: an
            // insertion sort into a scratch array, not an array and a comparator per order.
            if (count > sorted.length) sorted = new Int32Array(count * 2);
            for (let a = 0; a < count; a++) {
              const id = categoryIds[from + a] as number;
              let b = a;
              for (; b > 0 && (rank[sorted[b - 1] as number] as number) > (rank[id] as number); b--)
                sorted[b] = sorted[b - 1] as number;
              sorted[b] = id;
            }
            for (let a = 0; a < count; a++)
              noteCategory(bought, categoryNames[sorted[a] as number] as string, d);
          }
        }
        yield {
          customerId: customerId(who),
          history: { purchaseDays, spend, firstDaySpend, categories: bought?.size ? bought : undefined },
          laterDays,
        };
      }
    },
    recencies(asOfDay: number): RecencyColumns {
      const x = new Int32Array(customerCount);
      const txDays = new Int32Array(customerCount);
      const TDays = new Int32Array(customerCount);
      const spend = new Float64Array(customerCount);
      const firstDaySpend = new Float64Array(customerCount);
      let length = 0;
      for (let who = 0; who < customerCount; who++) {
        let days = 0;
        let first = 0;
        let last = 0;
        let total = 0;
        let onFirstDay = 0;
        for (let j = segment[who] as number; j < (segment[who + 1] as number); j++) {
          const k = order[j] as number;
          const d = day[k] as number;
          if (d > asOfDay) continue;
          if (days === 0) first = d;
          if (days === 0 || d !== last) days++;
          last = d;
          const value = amount[k] as number;
          if (days === 1) onFirstDay = roundMoney(onFirstDay + value);
          total = roundMoney(total + value);
        }
        if (days === 0) continue;
        x[length] = days - 1;
        txDays[length] = last - first;
        TDays[length] = asOfDay - first;
        spend[length] = total;
        firstDaySpend[length] = onFirstDay;
        length++;
      }
      return { length, x, txDays, TDays, spend, firstDaySpend };
    },
  };
}

/** One more order in the category `name` on day `d` (the customer's orders come by day). */
function noteCategory(
  bought: Map<string, { lastDay: number; orders: number }>,
  name: string,
  d: number,
): void {
  const seen = bought.get(name);
  if (seen) {
    seen.lastDay = d;
    seen.orders++;
  } else bought.set(name, { lastDay: d, orders: 1 });
}

/** Sorts `order[from, to)` by day, stably: short runs (nearly every customer) by insertion. */
function sortByDay(order: Int32Array, from: number, to: number, day: Int32Array): void {
  if (to - from > 32) {
    const sorted = Array.from(order.subarray(from, to)).sort(
      (a, b) => (day[a] as number) - (day[b] as number) || a - b,
    );
    order.set(sorted, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const k = order[i] as number;
    const d = day[k] as number;
    let j = i - 1;
    while (j >= from && (day[order[j] as number] as number) > d) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = k;
  }
}
