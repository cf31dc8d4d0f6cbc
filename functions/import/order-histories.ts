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
import type { Rejection } from './import-runner.js';
import type { Line } from './line-reader.js';
import { type PlainOrder, type PlainRowReader, plainOrderRows } from './plain-order-rows.js';
import { CsvRecordReader, type SourceRecord } from './record-readers.js';
import { inColumnTerms, orderFromRow, REQUIRED_ORDER_COLUMNS } from './row-mapping.js';
import { StringIndex } from './string-index.js';

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
  /** Histories as of a day: only orders on or before it; `laterDays` are the purchase days in (asOf, until]. */
  at(
    asOfDay: number,
    untilDay?: number,
  ): Generator<{ customerId: string; history: PurchaseHistory; laterDays: number[] }>;
}

class GrowableColumns {
  customer = new Int32Array(1 << 16);
  day = new Int32Array(1 << 16);
  amount = new Float64Array(1 << 16);
  category: (string[] | undefined)[] = [];
  length = 0;
  push(customer: number, day: number, amount: number, categories: string[]) {
    if (this.length === this.customer.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const next = new (a.constructor as { new (n: number): T })(a.length * 2);
        next.set(a);
        return next;
      };
      this.customer = grow(this.customer);
      this.day = grow(this.day);
      this.amount = grow(this.amount);
    }
    this.customer[this.length] = customer;
    this.day[this.length] = day;
    this.amount[this.length] = amount;
    if (categories.length > 0) this.category[this.length] = categories;
    this.length++;
  }
}

export interface ReadHistoriesOptions {
  onRejection?: (rejection: Rejection) => void;
  onProgress?: (counts: OrderHistoryCounts) => void;
}

/** Orders gathered into columns as they are read, counted, de-duplicated by order id. */
class HistoryBuilder {
  readonly counts: OrderHistoryCounts = { rows: 0, accepted: 0, rejected: 0, notCompleted: 0, duplicates: 0 };
  readonly customers = new StringIndex(1 << 16);
  readonly orderIds = new StringIndex(1 << 18);
  readonly columns = new GrowableColumns();
  readonly now: Date;

  constructor(
    readonly settings: RecordOrdersDeps['settings'],
    private readonly options: ReadHistoriesOptions,
  ) {
    this.now = settings.clock();
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
    const customer = this.admit(order.orderId, order.customerId, order.status === 'completed');
    if (customer >= 0) this.columns.push(customer, epochDay(order.day), order.baseAmount, order.categories);
  }

  /** A plain row (see plain-order-rows): valid and completed by construction. */
  plain(order: PlainOrder): void {
    this.row();
    const customer = this.admit(order.orderId, order.customerId, true);
    if (customer >= 0) this.columns.push(customer, order.day, order.amount, NO_CATEGORIES);
  }

  finish(): OrderHistories {
    this.options.onProgress?.(this.counts);
    return summarise(this.counts, this.customers.keys, this.columns);
  }

  /** Counts an order once per id: the customer's number when it is a new completed order, else -1. */
  private admit(orderId: string, customerId: string, completed: boolean): number {
    const known = this.orderIds.size;
    if (this.orderIds.numberOf(orderId) < known) {
      this.counts.duplicates++;
      return -1;
    }
    this.counts.accepted++;
    if (completed) return this.customers.numberOf(customerId);
    this.counts.notCompleted++;
    return -1;
  }

  private reject(line: number, reasons: string[]): void {
    this.counts.rejected++;
    this.options.onRejection?.({ line, reasons: reasons.map(inColumnTerms) });
  }
}

const NO_CATEGORIES: string[] = [];
/** For a header with columns the import does not know: every row takes the general road. */
const NONE_PLAIN: PlainRowReader = () => undefined;

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
 * Histories from the lines of a CSV order file: plain rows take the short road, every other row
 * the general checks — the same histories, rejections and counts as `readOrderHistories`.
 */
export async function readCsvOrderHistories(
  batches: AsyncIterable<Line[]>,
  settings: RecordOrdersDeps['settings'],
  options: ReadHistoriesOptions = {},
): Promise<OrderHistories> {
  const builder = new HistoryBuilder(settings, options);
  const csv = new CsvRecordReader(REQUIRED_ORDER_COLUMNS);
  const records: SourceRecord[] = [];
  let plain: PlainRowReader | undefined;
  const general = (line: Line) => {
    csv.read(line, records);
    for (const record of records) builder.record(record);
    records.length = 0;
  };
  for await (const batch of batches) {
    for (const line of batch) {
      if (!plain && csv.header) plain = plainOrderRows(csv.header, settings, builder.now) ?? NONE_PLAIN;
      if (plain && 'text' in line && csv.atRecordStart) {
        const order = plain(line.text);
        if (order) {
          builder.plain(order);
          continue;
        }
      }
      general(line);
    }
  }
  csv.end(records);
  for (const record of records) builder.record(record);
  return builder.finish();
}

function summarise(
  counts: OrderHistoryCounts,
  names: readonly string[],
  columns: GrowableColumns,
): OrderHistories {
  const n = columns.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { customer, day } = columns;
  order.sort(
    (a, b) => (customer[a] as number) - (customer[b] as number) || (day[a] as number) - (day[b] as number),
  );
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = day[i] as number;
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  return {
    counts,
    customers: names.length,
    firstDay,
    lastDay,
    *at(asOfDay: number, untilDay = asOfDay) {
      let i = 0;
      while (i < n) {
        const who = customer[order[i] as number] as number;
        const purchaseDays: number[] = [];
        const categories = new Map<string, { lastDay: number; orders: number }>();
        let spend = 0;
        let firstDaySpend = 0;
        const laterDays: number[] = [];
        for (; i < n && customer[order[i] as number] === who; i++) {
          const k = order[i] as number;
          const d = day[k] as number;
          if (d > asOfDay) {
            if (d <= untilDay && laterDays[laterDays.length - 1] !== d) laterDays.push(d);
            continue;
          }
          const amount = columns.amount[k] as number;
          if (purchaseDays.length === 0 || purchaseDays[purchaseDays.length - 1] !== d) purchaseDays.push(d);
          // Rounded as the order ledger rounds its running sums, so a file and the store agree.
          if (purchaseDays.length === 1) firstDaySpend = roundMoney(firstDaySpend + amount);
          spend = roundMoney(spend + amount);
          for (const name of columns.category[k] ?? []) {
            const seen = categories.get(name);
            categories.set(name, { lastDay: d, orders: (seen?.orders ?? 0) + 1 });
          }
        }
        yield {
          customerId: names[who] as string,
          history: {
            purchaseDays,
            spend,
            firstDaySpend,
            categories: categories.size > 0 ? categories : undefined,
          },
          laterDays,
        };
      }
    },
  };
}
