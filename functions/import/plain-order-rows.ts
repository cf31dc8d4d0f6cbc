/**
 * The short road for the common CSV order row: ids, a date, a plain amount, the base currency
 * (or none), no categories, promo codes or discount, completed (or no status). Such a row needs none of the general
 * checks' work — a record object, the schema, error messages — to be read exactly as they would
 * read it. Anything else (a quote, a space, a time of day, another currency or status,
 * categories, a value out of range) returns undefined and takes the general road, which accepts
 * or rejects it with its reasons. A test holds the two roads to the same result.
 *
 * Reading 3,000,000 orders for a fit, this road is what keeps the read within seconds.
 */
import { CUSTOMER_ID_PATTERN } from '../domain/customer.js';
import { MAX_AMOUNT, ORDER_ID_PATTERN, plausibleOrderDays, roundMoney } from '../domain/order.js';
import { epochDay, parseOrderTime } from '../domain/timestamps.js';
import { ORDER_COLUMNS } from './row-mapping.js';

export interface PlainOrder {
  orderId: string;
  customerId: string;
  /** Epoch day of the order. */
  day: number;
  /** In the base currency. */
  amount: number;
}

export type PlainRowReader = (text: string) => PlainOrder | undefined;

/** Digits with an optional fraction: what `Number` reads exactly as the general road does. */
const PLAIN_AMOUNT = /^\d{1,10}(?:\.\d{1,12})?$/;

/**
 * A reader of plain rows for a CSV header (lower-case column names), or undefined when the header
 * names a column the import does not know: every row then takes the general road, which says so.
 */
export function plainOrderRows(
  header: readonly string[],
  settings: { currency: { base: string } },
  now: Date,
): PlainRowReader | undefined {
  if (header.some((c) => !(ORDER_COLUMNS as readonly string[]).includes(c))) return undefined;
  const at = (column: string) => header.indexOf(column);
  const [orderIdAt, customerIdAt, orderedAtAt, amountAt] = [
    at('order_id'),
    at('customer_id'),
    at('ordered_at'),
    at('amount'),
  ];
  const [currencyAt, categoriesAt, statusAt] = [at('currency'), at('categories'), at('status')];
  // Promo codes and discounts do not change a fit, but the general road checks them.
  const [promoCodesAt, discountAt] = [at('promo_codes'), at('discount')];
  const base = settings.currency.base;
  const days = plausibleOrderDays(now);
  const width = header.length;
  // A file repeats a few thousand days millions of times: each is judged once (NaN: not plain).
  const dayOf = new Map<string, number>();
  const plainDay = (text: string): number => {
    let day = dayOf.get(text);
    if (day === undefined) {
      day = text.length === 10 && parseOrderTime(text)?.day === text ? epochDay(text) : Number.NaN;
      if (!(day >= days.first && day <= days.last)) day = Number.NaN;
      if (dayOf.size >= 100_000) dayOf.clear();
      dayOf.set(text, day);
    }
    return day;
  };

  return (text) => {
    if (text.indexOf('"') !== -1) return undefined;
    const fields = text.split(',');
    if (fields.length !== width) return undefined;
    const orderId = fields[orderIdAt] as string;
    const customerId = fields[customerIdAt] as string;
    const orderedAt = fields[orderedAtAt] as string;
    const amountText = fields[amountAt] as string;
    if (currencyAt !== -1 && fields[currencyAt] !== '' && fields[currencyAt] !== base) return undefined;
    if (categoriesAt !== -1 && fields[categoriesAt] !== '') return undefined;
    if (promoCodesAt !== -1 && fields[promoCodesAt] !== '') return undefined;
    if (discountAt !== -1 && fields[discountAt] !== '') return undefined;
    if (statusAt !== -1 && fields[statusAt] !== '' && fields[statusAt] !== 'completed') return undefined;
    if (!ORDER_ID_PATTERN.test(orderId) || !CUSTOMER_ID_PATTERN.test(customerId)) return undefined;
    if (!PLAIN_AMOUNT.test(amountText)) return undefined;
    const amount = Number(amountText);
    if (amount > MAX_AMOUNT) return undefined;
    const day = plainDay(orderedAt);
    if (Number.isNaN(day)) return undefined;
    return { orderId, customerId, day, amount: roundMoney(amount) };
  };
}
