/**
 * Orders as the engine keeps them: append-only, identified by the shop's order id, amounts in
 * the order's currency and converted to the deployment's base currency for statistics.
 */
import * as z from 'zod';
import { hasUnsafeCharacters, isKnownCurrency } from './contact-rules.js';
import { customerIdSchema } from './customer.js';
import { parseOrderTime } from './timestamps.js';
import { storableNumber } from './validation.js';

export const ORDER_STATUSES = ['completed', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The latest plausible order time: now plus a day of clock skew. */
const SKEW_MS = 86_400_000;
const EARLIEST = Date.UTC(1970, 0, 1);
export const MAX_AMOUNT = 1e9;

const categorySchema = z
  .string()
  .trim()
  .min(1)
  .max(64, 'categories are at most 64 characters')
  .refine((v) => new TextEncoder().encode(v).length <= 64, 'categories are at most 64 bytes of UTF-8')
  .refine(
    (v) => !hasUnsafeCharacters(v) && !v.includes(';'),
    'categories must not contain ; or control characters',
  );

/** As the shop recorded it: any code is kept (only the ones a journey gave out are looked up). */
const promoCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64, 'promo codes are at most 64 characters')
  .refine(
    (v) => !hasUnsafeCharacters(v) && !v.includes(';'),
    'promo codes must not contain ; or control characters',
  );

export const ORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+/-]{0,127}$/;
export const orderIdSchema = z
  .string()
  .regex(ORDER_ID_PATTERN, 'must be 1-128 letters, digits or . _ : @ + / -');

/** What a shop sends for an order. `amount` is the order total, never negative (mark returns instead). */
export const orderInputSchema = z.strictObject({
  orderId: orderIdSchema,
  customerId: customerIdSchema,
  orderedAt: z.string().meta({
    format: 'date-time',
    description: 'ISO 8601: a date-time, with its offset (the shop’s local day counts), or a date',
    examples: ['2026-03-01T18:30:00+01:00'],
  }),
  amount: storableNumber('must be a number')
    .min(0, 'must not be negative (mark returns with status "returned")')
    .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`),
  currency: z
    .string()
    .refine(isKnownCurrency, {
      error: (issue) => `'${String(issue.input)}' is not an ISO 4217 currency code`,
    })
    .optional(),
  categories: z.array(categorySchema).max(50, 'at most 50 categories').default([]),
  status: z.enum(ORDER_STATUSES).default('completed'),
  /** The discount codes the order redeemed: one a journey gave out is attributed to that journey. */
  promoCodes: z.array(promoCodeSchema).max(10, 'at most 10 promo codes').default([]),
  /** The discount the order got, in its currency (what the report counts as discounts given). */
  discount: storableNumber('must be a number')
    .min(0, 'must not be negative')
    .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
    .optional(),
});
export type OrderInput = z.output<typeof orderInputSchema>;

/** An order after validation: normalised time, day, base-currency amount and sorted categories. */
export interface Order {
  orderId: string;
  customerId: string;
  /** UTC instant, ISO 8601. */
  orderedAt: string;
  /** The shop's calendar day of the order, `YYYY-MM-DD`. */
  day: string;
  amount: number;
  currency: string;
  /** `amount` converted to the base currency: the figure all statistics use. */
  baseAmount: number;
  categories: string[];
  status: OrderStatus;
  /** Discount codes the order redeemed (absent: none). */
  promoCodes?: string[];
  /** The discount in the base currency (absent: the shop did not say). */
  baseDiscount?: number;
}

export interface CurrencySettings {
  /** The currency statistics and reports are kept in. */
  base: string;
  /** Units of base currency per unit of another currency, e.g. `{ EUR: 1.08 }` when base is USD. */
  rates: Record<string, number>;
}

export type OrderCheck = { ok: true; order: Order } | { ok: false; reasons: string[] };

/** The instants (epoch ms) an order may be at, as `normaliseOrder` judges them: 1970 to now plus skew. */
export function orderTimeBounds(now: Date): { earliestMs: number; latestMs: number } {
  return { earliestMs: EARLIEST, latestMs: now.getTime() + SKEW_MS };
}

/** Applies the rules that need context: the clock and the deployment's currencies. */
export function normaliseOrder(input: OrderInput, currency: CurrencySettings, now: Date): OrderCheck {
  const reasons: string[] = [];
  const time = parseOrderTime(input.orderedAt.trim());
  if (!time) {
    reasons.push(`orderedAt: '${input.orderedAt}' is not an ISO 8601 date or date-time`);
  } else {
    const t = Date.parse(time.instant);
    if (t > now.getTime() + SKEW_MS) reasons.push(`orderedAt: ${input.orderedAt} is in the future`);
    if (t < EARLIEST) reasons.push(`orderedAt: ${input.orderedAt} is before 1970`);
  }
  const code = input.currency ?? currency.base;
  const rate = code === currency.base ? 1 : currency.rates[code];
  if (rate === undefined) {
    reasons.push(`currency: no exchange rate from ${code} to ${currency.base} is configured`);
  }
  if (reasons.length > 0 || !time || rate === undefined) return { ok: false, reasons };
  return {
    ok: true,
    order: {
      orderId: input.orderId,
      customerId: input.customerId,
      orderedAt: time.instant,
      day: time.day,
      amount: input.amount,
      currency: code,
      baseAmount: roundMoney(input.amount * rate),
      categories: [...new Set(input.categories)].sort(),
      status: input.status,
      ...(input.promoCodes.length > 0 ? { promoCodes: [...new Set(input.promoCodes)] } : {}),
      ...(input.discount !== undefined ? { baseDiscount: roundMoney(input.discount * rate) } : {}),
    },
  };
}

/** Money is summed in floating point; rounding to 1e-6 keeps sums stable and exact enough. */
export function roundMoney(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** True when two records of one order id say the same thing (a re-import changes nothing). */
export function sameOrder(a: Order, b: Order): boolean {
  return (
    a.customerId === b.customerId &&
    a.orderedAt === b.orderedAt &&
    a.amount === b.amount &&
    a.currency === b.currency &&
    a.status === b.status &&
    a.categories.join(';') === b.categories.join(';')
  );
}

/** Names the fields in which a second record of an order id differs from the stored one. */
export function orderDifferences(stored: Order, incoming: Order): string[] {
  const fields: (keyof Order)[] = ['customerId', 'orderedAt', 'amount', 'currency', 'status', 'categories'];
  return fields.filter((f) => JSON.stringify(stored[f]) !== JSON.stringify(incoming[f]));
}
