/**
 * The sufficient statistics a customer's scores need, kept up to date order by order so scoring
 * never re-reads order history: first and last purchase, purchase days (repeat purchases are
 * counted on distinct days, as in Fader, Hardie & Lee 2005), spend, spend on the first day (so
 * the mean value of repeat purchases is exact for Gamma-Gamma) and, per category, the last
 * purchase and the number of orders.
 *
 * `applyOrders` is a pure fold; it gives the same result whatever order the orders arrive in,
 * which is what lets imports be chunked, retried and run in parallel.
 */

import { type Order, roundMoney } from './order.js';
import type { CategoryHistory } from './scoring/purchase-patterns.js';
import type { PurchaseHistory } from './scoring/scoring-model.js';
import { epochDay } from './timestamps.js';

export interface CategoryStats {
  lastPurchaseAt: string;
  orders: number;
}

export interface PurchaseStats {
  /** Orders that count (completed); cancelled and returned orders are kept but not counted. */
  orders: number;
  firstPurchaseAt: string;
  lastPurchaseAt: string;
  /** Distinct purchase days as days since 1970-01-01, ascending. */
  purchaseDays: number[];
  /** Spend in the base currency. */
  spend: number;
  /** Spend on the first purchase day, so repeat spend = spend − firstDaySpend. */
  firstDaySpend: number;
  categories: Record<string, CategoryStats>;
}

/** Figures derived from the statistics, as shown to users and fed to the models. */
export interface PurchaseSummary {
  orders: number;
  firstPurchaseAt: string;
  lastPurchaseAt: string;
  /** Purchase days after the first: the `x` of BG/NBD. */
  repeatPurchases: number;
  spend: number;
  /** Mean spend per repeat purchase day, or null with no repeat purchase. */
  meanRepeatValue: number | null;
  categories: Record<string, CategoryStats>;
}

function addOrder(stats: PurchaseStats | undefined, order: Order): PurchaseStats | undefined {
  if (order.status !== 'completed') return stats;
  const day = epochDay(order.day);
  if (!stats) {
    return {
      orders: 1,
      firstPurchaseAt: order.orderedAt,
      lastPurchaseAt: order.orderedAt,
      purchaseDays: [day],
      spend: order.baseAmount,
      firstDaySpend: order.baseAmount,
      categories: Object.fromEntries(
        order.categories.map((c) => [c, { lastPurchaseAt: order.orderedAt, orders: 1 }]),
      ),
    };
  }
  const firstDay = stats.purchaseDays[0] ?? day;
  let firstDaySpend = stats.firstDaySpend;
  if (day < firstDay) firstDaySpend = order.baseAmount;
  else if (day === firstDay) firstDaySpend = roundMoney(firstDaySpend + order.baseAmount);

  const purchaseDays = stats.purchaseDays.includes(day)
    ? stats.purchaseDays
    : [...stats.purchaseDays, day].sort((a, b) => a - b);

  let categories = { ...stats.categories };
  for (const name of order.categories) {
    const seen = categories[name];
    categories[name] = seen
      ? { lastPurchaseAt: later(seen.lastPurchaseAt, order.orderedAt), orders: seen.orders + 1 }
      : { lastPurchaseAt: order.orderedAt, orders: 1 };
  }
  if (Object.keys(categories).length > MAX_CATEGORIES) categories = mostRecent(categories, MAX_CATEGORIES);
  return {
    orders: stats.orders + 1,
    firstPurchaseAt: earlier(stats.firstPurchaseAt, order.orderedAt),
    lastPurchaseAt: later(stats.lastPurchaseAt, order.orderedAt),
    purchaseDays,
    spend: roundMoney(stats.spend + order.baseAmount),
    firstDaySpend,
    categories,
  };
}

/**
 * Categories a customer's statistics keep: the most recently bought. The statistics live on the
 * customer's DynamoDB item (400 KB), and a shop with thousands of fine-grained categories would
 * otherwise grow it until no order of that customer could be stored. A category that falls out
 * and is bought again starts its count anew.
 */
export const MAX_CATEGORIES = 500;

function mostRecent(categories: Record<string, CategoryStats>, keep: number): Record<string, CategoryStats> {
  return Object.fromEntries(
    Object.entries(categories)
      .sort(([a, x], [b, y]) => y.lastPurchaseAt.localeCompare(x.lastPurchaseAt) || a.localeCompare(b))
      .slice(0, keep),
  );
}

const earlier = (a: string, b: string) => (a <= b ? a : b);
const later = (a: string, b: string) => (a >= b ? a : b);

/** Folds orders into the statistics. Orders must be new to these statistics (exactly once). */
export function applyOrders(
  stats: PurchaseStats | undefined,
  orders: readonly Order[],
): PurchaseStats | undefined {
  return orders.reduce(addOrder, stats);
}

export function summarise(stats: PurchaseStats): PurchaseSummary {
  const repeatPurchases = Math.max(0, stats.purchaseDays.length - 1);
  return {
    orders: stats.orders,
    firstPurchaseAt: stats.firstPurchaseAt,
    lastPurchaseAt: stats.lastPurchaseAt,
    repeatPurchases,
    spend: stats.spend,
    meanRepeatValue:
      repeatPurchases > 0 ? roundMoney((stats.spend - stats.firstDaySpend) / repeatPurchases) : null,
    categories: stats.categories,
  };
}

/** The part of the statistics scoring reads. */
export type ScoringStats = Pick<
  PurchaseStats,
  'purchaseDays' | 'spend' | 'firstDaySpend' | 'categories' | 'lastPurchaseAt'
>;

/**
 * The statistics as scoring reads them. Category days come from UTC instants while purchase
 * days are the shop's own dates, so a category bought with the last order is pinned to the last
 * purchase day: otherwise a time zone west of UTC could make it look one day older and lapsed.
 */
export function purchaseHistory(stats: ScoringStats): PurchaseHistory {
  const lastDay = stats.purchaseDays[stats.purchaseDays.length - 1];
  const categories = new Map<string, CategoryHistory>();
  for (const [name, category] of Object.entries(stats.categories ?? {})) {
    const day =
      category.lastPurchaseAt === stats.lastPurchaseAt && lastDay !== undefined
        ? lastDay
        : epochDay(category.lastPurchaseAt.slice(0, 10));
    categories.set(name, { lastDay: day, orders: category.orders });
  }
  return {
    purchaseDays: stats.purchaseDays,
    spend: stats.spend,
    firstDaySpend: stats.firstDaySpend,
    categories,
  };
}
