/**
 * A small shop of regular monthly buyers, as a new user would try the product with (issue 22):
 * each customer orders 8–12 times, 30 days apart ±20 %; some still buy, some stopped months ago.
 * Seeded, so the same arguments give the same shop.
 */

import type { PurchaseHistory } from '../../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../../functions/domain/timestamps.js';
import { prng } from '../../lib/demo/random.js';

export interface SmallShopCustomer {
  customerId: string;
  /** Distinct purchase days (days since 1970-01-01), ascending. */
  purchaseDays: number[];
  /** Whether the customer stopped buying (last order at least 90 days before the as-of day). */
  stopped: boolean;
  /** Mean gap between their orders, in days. */
  usualGap: number;
}

export interface SmallShopOptions {
  customers: number;
  /** @default 1 */
  seed?: number;
  /** @default '2024-06-30' */
  asOf?: string;
  /** Share of customers who stopped. @default 0.34 */
  stoppedShare?: number;
}

export const SMALL_SHOP_AS_OF = '2024-06-30';

export function smallShop(options: SmallShopOptions): SmallShopCustomer[] {
  const random = prng(options.seed ?? 1);
  const asOfDay = epochDay(options.asOf ?? SMALL_SHOP_AS_OF);
  const stoppedShare = options.stoppedShare ?? 0.34;
  return Array.from({ length: options.customers }, (_, i) => {
    const orders = 8 + Math.floor(random() * 5);
    const gaps = Array.from({ length: orders - 1 }, () => Math.round(30 * (0.8 + 0.4 * random())));
    const stopped = i % Math.round(1 / stoppedShare) === 0;
    // Still buying: the last order within the last month; stopped: 3 to 8 months ago.
    const lastDay = asOfDay - (stopped ? 90 + Math.floor(random() * 150) : Math.floor(random() * 28));
    const purchaseDays = [lastDay];
    for (let g = gaps.length - 1; g >= 0; g--)
      purchaseDays.unshift((purchaseDays[0] as number) - (gaps[g] as number));
    const usualGap = gaps.reduce((s, v) => s + v, 0) / gaps.length;
    return { customerId: `shop-${String(i + 1).padStart(3, '0')}`, purchaseDays, stopped, usualGap };
  });
}

export function historiesOf(shop: readonly SmallShopCustomer[]): PurchaseHistory[] {
  return shop.map((c) => ({
    purchaseDays: c.purchaseDays,
    spend: 25 * c.purchaseDays.length,
    firstDaySpend: 25,
  }));
}

/** The shop as an order CSV the CLI reads (`order_id,customer_id,ordered_at,amount,currency`). */
export function smallShopCsv(shop: readonly SmallShopCustomer[]): string {
  const lines = ['order_id,customer_id,ordered_at,amount,currency'];
  for (const c of shop)
    c.purchaseDays.forEach((day, k) => {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${c.customerId}-${k + 1},${c.customerId},${date}T10:00:00Z,25.00,USD`);
    });
  return `${lines.join('\n')}\n`;
}
