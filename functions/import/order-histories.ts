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

export async function readOrderHistories(
  records: AsyncIterable<SourceRecord>,
  settings: RecordOrdersDeps['settings'],
  options: ReadHistoriesOptions = {},
): Promise<OrderHistories> {
  const counts: OrderHistoryCounts = { rows: 0, accepted: 0, rejected: 0, notCompleted: 0, duplicates: 0 };
  const ids = new Map<string, number>();
  const names: string[] = [];
  const seenOrders = new Set<string>();
  const columns = new GrowableColumns();
  const now = settings.clock();
  const reject = (line: number, reasons: string[]) => {
    counts.rejected++;
    options.onRejection?.({ line, reasons: reasons.map(inColumnTerms) });
  };
  for await (const item of records) {
    counts.rows++;
    if (counts.rows % 50_000 === 0) options.onProgress?.(counts);
    if ('error' in item) {
      reject(item.line, [item.error]);
      continue;
    }
    const mapped = orderFromRow(item.record);
    const check = checkOrder(mapped.record, settings, now);
    if (mapped.reasons.length > 0 || !check.ok) {
      const more = check.ok
        ? []
        : check.reasons.filter((r) => !mapped.fields.some((f) => r.startsWith(`${f}:`)));
      reject(item.line, [...mapped.reasons, ...more]);
      continue;
    }
    const order = check.order;
    if (seenOrders.has(order.orderId)) {
      counts.duplicates++;
      continue;
    }
    seenOrders.add(order.orderId);
    counts.accepted++;
    if (order.status !== 'completed') {
      counts.notCompleted++;
      continue;
    }
    let index = ids.get(order.customerId);
    if (index === undefined) {
      index = names.length;
      ids.set(order.customerId, index);
      names.push(order.customerId);
    }
    columns.push(index, epochDay(order.day), order.baseAmount, order.categories);
  }
  options.onProgress?.(counts);
  seenOrders.clear();
  return summarise(counts, names, columns);
}

function summarise(counts: OrderHistoryCounts, names: string[], columns: GrowableColumns): OrderHistories {
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
