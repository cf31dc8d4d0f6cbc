/**
 * The order ledger on DynamoDB: exactly-once counting of orders in customer statistics with
 * single-item conditional writes only (no transactions, so the same code runs on dynalite).
 *
 * Protocol, per customer:
 *  1. Read the customer item (statistics, `rev`, `pendingOrders`), then the order items.
 *     An order found in either place is already counted: unchanged, or rejected if it differs.
 *  2. Store those of the customer's previous `pendingOrders` that the orders table lacks (roll
 *     forward: a writer that committed them died before storing them).
 *  3. Commit: one conditional update of the customer sets the new statistics, `rev + 1` and
 *     `pendingOrders` = the new orders, on condition that `rev` is still the one read.
 *  4. Store the new orders in the orders table (batched); they stay pending until the next
 *     commit of this customer rolls them forward again (an idempotent re-put).
 *
 * Invariant: an order is counted iff it is in its customer's `pendingOrders` or in the orders
 * table, and it leaves `pendingOrders` only after step 2 stored it. Because readers look at the
 * customer before the orders, a crash at any point and any number of concurrent writers of the
 * same customer can neither lose an order nor count one twice. Residual: the same order id sent
 * at the same moment for two *different* customers can be counted for both (documented).
 */

import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import { type Order, orderDifferences, sameOrder } from '../domain/order.js';
import { applyOrders, type PurchaseStats } from '../domain/purchase-stats.js';
import type { OrderLedger, OrderOutcome, RecordOptions, RecordResult } from '../ports/order-ledger.js';
import { clock as systemClock } from '../shared/clock.js';
import {
  type AdapterOptions,
  backoff,
  batchGet,
  batchPut,
  isConditionFailure,
  toItem,
} from './dynamodb-batch.js';

/**
 * Orders one commit may carry on the customer item (as pending orders), by count and by size,
 * keeping the item far below DynamoDB's 400 KB whatever the orders hold.
 */
const MAX_PENDING = 100;
const MAX_PENDING_BYTES = 64 * 1024;

/** Consecutive slices of at most `count` orders and about `bytes` of JSON each (one order at least). */
function slicesOf<T>(orders: readonly T[], count: number, bytes: number): T[][] {
  const slices: T[][] = [];
  let slice: T[] = [];
  let size = 0;
  for (const order of orders) {
    const length = Buffer.byteLength(JSON.stringify(order));
    if (slice.length > 0 && (slice.length >= count || size + length > bytes)) {
      slices.push(slice);
      slice = [];
      size = 0;
    }
    slice.push(order);
    size += length;
  }
  if (slice.length > 0) slices.push(slice);
  return slices;
}
const MAX_ATTEMPTS = 20;

export interface LedgerTables {
  customers: string;
  orders: string;
}

interface LedgerView {
  customerId: string;
  /** Campaigns whose journey the customer is in (maintained by the journeys). */
  journeys?: Set<string>;
  rev?: number;
  stats?: PurchaseStats;
  pendingOrders?: Record<string, StoredOrder>;
}

/** An order as stored: with the time it was committed, kept when it is rolled forward. */
type StoredOrder = Order & { recordedAt?: string };

type PendingTuple = [
  string,
  string,
  string,
  number,
  string,
  number,
  string[],
  Order['status'],
  string | undefined,
];

/**
 * `pendingOrders` is one compact string (JSON arrays, the customer id implied): it is
 * bookkeeping nobody queries, and one small attribute is far cheaper to write on every commit
 * than dozens of nested ones.
 */
export function encodePending(orders: readonly StoredOrder[]): string {
  return JSON.stringify(
    orders.map(
      (o): PendingTuple => [
        o.orderId,
        o.orderedAt,
        o.day,
        o.amount,
        o.currency,
        o.baseAmount,
        o.categories,
        o.status,
        o.recordedAt,
      ],
    ),
  );
}

export function decodePending(text: string, customerId: string): Record<string, StoredOrder> {
  const tuples = JSON.parse(text) as PendingTuple[];
  return Object.fromEntries(
    tuples.map(([orderId, orderedAt, day, amount, currency, baseAmount, categories, status, recordedAt]) => [
      orderId,
      {
        orderId,
        customerId,
        orderedAt,
        day,
        amount,
        currency,
        baseAmount,
        categories,
        status,
        ...(recordedAt ? { recordedAt } : {}),
      },
    ]),
  );
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

const UNCHANGED: OrderOutcome = { status: 'unchanged' };
const ACCEPTED: OrderOutcome = { status: 'accepted' };
const rejected = (reason: string): OrderOutcome => ({ status: 'rejected', reasons: [reason] });

function compare(known: Order, incoming: Order, where: string): OrderOutcome {
  if (sameOrder(known, incoming)) return UNCHANGED;
  return rejected(
    `order ${incoming.orderId} ${where} with a different ${orderDifferences(known, incoming).join(', ')}`,
  );
}

export class DynamoOrderLedger implements OrderLedger {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly clock: () => Date;

  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: LedgerTables,
    options: AdapterOptions = {},
  ) {
    this.limit = pLimit(options.concurrency ?? 16);
    this.clock = options.clock ?? systemClock;
  }

  async record(orders: readonly Order[], options: RecordOptions = {}): Promise<RecordResult> {
    const outcomes: OrderOutcome[] = orders.map(() => ACCEPTED);
    const firstSeen = new Map<string, Order>();
    const candidates: number[] = [];
    orders.forEach((order, i) => {
      const earlier = firstSeen.get(order.orderId);
      if (earlier) outcomes[i] = compare(earlier, order, 'appears earlier in this batch');
      else {
        firstSeen.set(order.orderId, order);
        candidates.push(i);
      }
    });

    // Customers first, then orders: see the invariant above.
    const customers = await this.readCustomers([...new Set(candidates.map((i) => at(orders, i).customerId))]);
    // Pending orders of earlier commits are read too: only those not yet stored need rolling forward.
    const pending = [...customers.values()].flatMap(pendingOf);
    const stored = await this.readOrders([
      ...new Set([...candidates.map((i) => at(orders, i).orderId), ...pending.map((o) => o.orderId)]),
    ]);

    const newByCustomer = new Map<string, number[]>();
    for (const i of candidates) {
      const order = at(orders, i);
      const customer = customers.get(order.customerId);
      const known = stored.get(order.orderId) ?? customer?.pendingOrders?.[order.orderId];
      if (known) {
        outcomes[i] = compare(known, order, 'was already recorded');
      } else if (!customer && !options.createMissingCustomers) {
        outcomes[i] = rejected(
          `customer ${order.customerId} is unknown: import the customer before their orders`,
        );
      } else {
        const group = newByCustomer.get(order.customerId);
        if (group) group.push(i);
        else newByCustomer.set(order.customerId, [i]);
      }
    }
    if (options.allOrNothing && outcomes.some((o) => o.status === 'rejected')) {
      return { outcomes, written: false };
    }

    await this.storeOrders(pending.filter((o) => !stored.has(o.orderId)));
    const committed: StoredOrder[] = [];
    await Promise.all(
      [...newByCustomer].map(([customerId, indexes]) =>
        this.limit(async () => {
          const incoming = indexes.map((i) => at(orders, i));
          const result = await this.commit(customers.get(customerId), customerId, incoming, options);
          result.outcomes.forEach((outcome, k) => {
            outcomes[at(indexes, k)] = outcome;
          });
          committed.push(...pendingOf(result.view));
        }),
      ),
    );
    await this.storeOrders(committed);
    // Customers in a journey who just bought: their journeys end (read with the customer, free).
    const buyersInJourneys = new Map<string, string[]>();
    for (const [customerId, indexes] of newByCustomer) {
      const journeys = customers.get(customerId)?.journeys;
      const bought = indexes.some(
        (i) => at(orders, i).status === 'completed' && outcomes[i]?.status === 'accepted',
      );
      if (journeys?.size && bought) buyersInJourneys.set(customerId, [...journeys].sort());
    }
    return { outcomes, written: true, buyersInJourneys };
  }

  private async commit(
    view: LedgerView | undefined,
    customerId: string,
    incoming: Order[],
    options: RecordOptions,
  ): Promise<{ outcomes: OrderOutcome[]; view: LedgerView | undefined }> {
    const results: OrderOutcome[] = [];
    let current = view;
    for (const [n, slice] of slicesOf(incoming, MAX_PENDING, MAX_PENDING_BYTES).entries()) {
      // A later slice replaces the pending orders of the one before: store those first.
      if (n > 0) await this.storeOrders(pendingOf(current));
      const step = await this.commitSlice(current, customerId, slice, options);
      results.push(...step.outcomes);
      current = step.view;
    }
    return { outcomes: results, view: current === view ? undefined : current };
  }

  private async commitSlice(
    view: LedgerView | undefined,
    customerId: string,
    slice: Order[],
    options: RecordOptions,
  ): Promise<{ outcomes: OrderOutcome[]; view: LedgerView | undefined }> {
    const outcomes: OrderOutcome[] = slice.map(() => ACCEPTED);
    let current = view;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const fresh = slice.filter((_, k) => outcomes[k] === ACCEPTED);
      if (fresh.length === 0) return { outcomes, view: current };
      const stats = applyOrders(current?.stats, fresh);
      const recordedAt = this.clock().toISOString();
      const pendingOrders = Object.fromEntries(fresh.map((o) => [o.orderId, { ...o, recordedAt }]));
      try {
        await this.db.send(this.commitCommand(current, customerId, stats, pendingOrders));
        return {
          outcomes,
          view: { customerId, rev: (current?.rev ?? 0) + 1, ...(stats ? { stats } : {}), pendingOrders },
        };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Another writer changed this customer: read it again, then its orders, and retry.
      current = (await this.readCustomers([customerId])).get(customerId);
      if (!current && !options.createMissingCustomers) {
        return { outcomes: slice.map(() => rejected(`customer ${customerId} is unknown`)), view: current };
      }
      const pending = pendingOf(current);
      const stored = await this.readOrders([...new Set([...fresh, ...pending].map((o) => o.orderId))]);
      slice.forEach((order, k) => {
        if (outcomes[k] !== ACCEPTED) return;
        const known = stored.get(order.orderId) ?? current?.pendingOrders?.[order.orderId];
        if (known) outcomes[k] = compare(known, order, 'was already recorded');
      });
      await this.storeOrders(pending.filter((o) => !stored.has(o.orderId)));
      await backoff(attempt);
    }
    throw new ConcurrentUpdateError(`customer ${customerId} kept changing during ${MAX_ATTEMPTS} attempts`);
  }

  private commitCommand(
    view: LedgerView | undefined,
    customerId: string,
    stats: PurchaseStats | undefined,
    pendingOrders: Record<string, StoredOrder>,
  ): UpdateItemCommand {
    const now = this.clock().toISOString();
    const names: Record<string, string> = {
      '#rev': 'rev',
      '#pending': 'pendingOrders',
      '#updatedAt': 'updatedAt',
    };
    const values: Record<string, unknown> = {
      ':next': (view?.rev ?? 0) + 1,
      ':pending': encodePending(Object.values(pendingOrders)),
      ':now': now,
    };
    const sets = ['#rev = :next', '#pending = :pending', '#updatedAt = :now'];
    if (stats) {
      names['#stats'] = 'stats';
      values[':stats'] = stats;
      sets.push('#stats = :stats');
    }
    let condition: string;
    if (!view) {
      names['#createdAt'] = 'createdAt';
      names['#id'] = 'customerId';
      sets.push('#createdAt = :now');
      condition = 'attribute_not_exists(#id)';
    } else if (view.rev === undefined) {
      names['#id'] = 'customerId';
      condition = 'attribute_exists(#id) AND attribute_not_exists(#rev)';
    } else {
      values[':rev'] = view.rev;
      // Only an existing item has a revision: no attribute_exists(#id), which costs dynalite's
      // expression parser three times what the comparison does.
      condition = '#rev = :rev';
    }
    return new UpdateItemCommand({
      TableName: this.tables.customers,
      Key: toItem({ customerId }),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toItem(values),
    });
  }

  private async readCustomers(ids: string[]): Promise<Map<string, LedgerView>> {
    const items = await batchGet<Omit<LedgerView, 'pendingOrders'> & { pendingOrders?: string }>(
      this.db,
      this.tables.customers,
      ids.map((customerId) => ({ customerId })),
      {
        expression: '#id, #rev, #stats, #pending, #journeys',
        names: {
          '#id': 'customerId',
          '#rev': 'rev',
          '#stats': 'stats',
          '#pending': 'pendingOrders',
          '#journeys': 'journeys',
        },
      },
    );
    return new Map(
      items.map(({ pendingOrders, ...c }) => [
        c.customerId,
        pendingOrders ? { ...c, pendingOrders: decodePending(pendingOrders, c.customerId) } : c,
      ]),
    );
  }

  private async readOrders(ids: string[]): Promise<Map<string, Order>> {
    const items = await batchGet<Order>(
      this.db,
      this.tables.orders,
      ids.map((orderId) => ({ orderId })),
    );
    return new Map(items.map((o) => [o.orderId, o]));
  }

  private async storeOrders(orders: readonly StoredOrder[]): Promise<void> {
    if (orders.length === 0) return;
    const now = this.clock().toISOString();
    await batchPut(
      this.db,
      this.tables.orders,
      orders.map((o) => ({ ...o, recordedAt: o.recordedAt ?? now })),
    );
  }
}

function pendingOf(view: LedgerView | undefined): StoredOrder[] {
  return Object.values(view?.pendingOrders ?? {});
}

function at<T>(items: readonly T[], i: number): T {
  return items[i] as T;
}
