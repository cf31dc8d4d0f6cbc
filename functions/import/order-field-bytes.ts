/**
 * The order checks for the common field, read straight from a file's bytes: an id, a day or
 * date-time, a plain amount. Each answers only when the value is one the general checks
 * (`checkOrder`) would accept and read the same way; anything else — a space, a sign, an exponent,
 * a date in the future — is "not plain" and the row takes the general road, which accepts or
 * rejects it with its reasons. A test holds the two roads to the same result.
 */
import { MAX_AMOUNT } from '../domain/order.js';
import { daysFromCivil, isRealDate } from '../domain/timestamps.js';

/** `ORDER_ID_PATTERN` and `CUSTOMER_ID_PATTERN` as byte tables: 1 = allowed after the first byte. */
const ORDER_ID_BYTES = idBytes('._:@+/-');
const CUSTOMER_ID_BYTES = idBytes('._:@+-');
const MAX_ID_BYTES = 128;

function idBytes(punctuation: string): Uint8Array {
  const table = new Uint8Array(256);
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[A-Za-z0-9]/.test(ch) || punctuation.includes(ch)) table[c] = 1;
  }
  return table;
}

function isAlphanumeric(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);
}

function matchesId(table: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (end <= start || end - start > MAX_ID_BYTES || !isAlphanumeric(bytes[start] as number)) return false;
  for (let i = start + 1; i < end; i++) if (table[bytes[i] as number] !== 1) return false;
  return true;
}

export const isOrderId = (bytes: Uint8Array, start: number, end: number) =>
  matchesId(ORDER_ID_BYTES, bytes, start, end);
export const isCustomerId = (bytes: Uint8Array, start: number, end: number) =>
  matchesId(CUSTOMER_ID_BYTES, bytes, start, end);

const DAY_MS = 86_400_000;
/** The value of `n` ASCII digits at `at`, or -1 when one of them is not a digit. */
export function digits(bytes: Uint8Array, at: number, n: number): number {
  let value = 0;
  for (let i = at; i < at + n; i++) {
    const d = (bytes[i] as number) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The epoch day of `YYYY-MM-DD` at `at`, or NaN when it is not a real date. */
function dateAt(bytes: Uint8Array, at: number): number {
  if (bytes[at + 4] !== 0x2d || bytes[at + 7] !== 0x2d) return Number.NaN;
  const y = digits(bytes, at, 4);
  const m = digits(bytes, at + 5, 2);
  const d = digits(bytes, at + 8, 2);
  if (y < 0 || !isRealDate(y, m, d)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/**
 * The order's calendar day as written (`YYYY-MM-DD`, or a date-time `YYYY-MM-DDTHH:MM[:SS[.f]]`
 * with `Z` or an offset), or NaN when it is not plain: not a real time, or its instant outside
 * [`earliestMs`, `latestMs`] — the general checks then say why.
 */
export function orderDay(
  bytes: Uint8Array,
  start: number,
  end: number,
  earliestMs: number,
  latestMs: number,
): number {
  const length = end - start;
  if (length < 10) return Number.NaN;
  const day = dateAt(bytes, start);
  if (length === 10) {
    const at = day * DAY_MS;
    return at >= earliestMs && at <= latestMs ? day : Number.NaN;
  }
  // The date-time form of `parseOrderTime`: T or space, HH:MM, optional :SS and fraction, zone.
  const t = (bytes[start + 10] as number) | 0x20;
  if (t !== 0x74 && bytes[start + 10] !== 0x20) return Number.NaN;
  if (length < 16 || bytes[start + 13] !== 0x3a) return Number.NaN;
  const h = digits(bytes, start + 11, 2);
  const mi = digits(bytes, start + 14, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59) return Number.NaN;
  let i = start + 16;
  let s = 0;
  let millis = 0;
  if (i < end && bytes[i] === 0x3a) {
    s = i + 3 <= end ? digits(bytes, i + 1, 2) : -1;
    if (s < 0 || s > 59) return Number.NaN;
    i += 3;
    if (i < end && bytes[i] === 0x2e) {
      let n = 0;
      let fraction = 0;
      for (i++; i < end && (bytes[i] as number) >= 0x30 && (bytes[i] as number) <= 0x39; i++, n++)
        fraction = fraction * 10 + ((bytes[i] as number) - 0x30);
      if (n < 1 || n > 9) return Number.NaN;
      // As `Number('0.' + digits) * 1000`: the same correctly rounded quotient, the same product.
      millis = Math.floor((fraction / (POWERS_OF_TEN[n] as number)) * 1000);
    }
  }
  let offsetMinutes = 0;
  if (i < end) {
    const zone = bytes[i] as number;
    if ((zone | 0x20) === 0x7a) {
      if (i + 1 !== end) return Number.NaN;
    } else if (zone === 0x2b || zone === 0x2d) {
      const colon = bytes[i + 3] === 0x3a ? 1 : 0;
      if (end - i !== 5 + colon) return Number.NaN;
      const oh = digits(bytes, i + 1, 2);
      const om = digits(bytes, i + 3 + colon, 2);
      if (oh < 0 || om < 0 || oh > 18 || om > 59) return Number.NaN;
      offsetMinutes = (zone === 0x2d ? -1 : 1) * (oh * 60 + om);
    } else return Number.NaN;
  }
  const at = day * DAY_MS + ((h * 60 + mi - offsetMinutes) * 60 + s) * 1000 + millis;
  return at >= earliestMs && at <= latestMs ? day : Number.NaN;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * A plain amount — digits with an optional fraction, at most 15 digits in all, at most
 * `MAX_AMOUNT` — as exactly the double `Number(text)` gives (one correctly rounded division of two
 * exact integers), or NaN when it is not plain.
 */
export function plainAmount(bytes: Uint8Array, start: number, end: number): number {
  let whole = 0;
  let fractionDigits = -1;
  let count = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (b === 0x2e && fractionDigits === -1 && i > start && i < end - 1) {
      fractionDigits = 0;
      continue;
    }
    const d = b - 0x30;
    if (d < 0 || d > 9 || ++count > 15) return Number.NaN;
    whole = whole * 10 + d;
    if (fractionDigits >= 0) fractionDigits++;
  }
  if (count === 0) return Number.NaN;
  const amount = fractionDigits > 0 ? whole / (POWERS_OF_TEN[fractionDigits] as number) : whole;
  return amount <= MAX_AMOUNT ? amount : Number.NaN;
}

/** True when `bytes[start, end)` spell `text` (ASCII). */
export function spells(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}
