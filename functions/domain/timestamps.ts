/**
 * ISO 8601 order timestamps. An order keeps two readings of its time: the instant (UTC, for
 * ordering and windows) and the calendar day as the shop wrote it (for counting purchase days,
 * so two orders on one local day count once even when they straddle midnight UTC).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface OrderTime {
  /** The instant in UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  instant: string;
  /** The calendar day in the timestamp's own offset, `YYYY-MM-DD`. */
  day: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil), no Date objects. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Date-only timestamps read so far (null: not a real date), bounded. */
const dateOnlyTimes = new Map<string, Readonly<OrderTime> | null>();

/**
 * Parses a date (`2024-03-01`) or a date-time with an optional offset. A date-time without an
 * offset is read as UTC. Returns undefined for anything else, including impossible dates.
 */
export function parseOrderTime(value: string): OrderTime | undefined {
  if (value.length === 10) {
    // A file of dated orders repeats a few thousand days millions of times: each is read once.
    const known = dateOnlyTimes.get(value);
    if (known !== undefined) return known ?? undefined;
    const dateOnly = ISO_DATE.exec(value);
    if (dateOnly) {
      const [, y, m, d] = dateOnly.map(Number) as [number, number, number, number];
      const time = isRealDate(y, m, d)
        ? Object.freeze({ instant: new Date(Date.UTC(y, m - 1, d)).toISOString(), day: value })
        : null;
      if (dateOnlyTimes.size >= 100_000) dateOnlyTimes.clear();
      dateOnlyTimes.set(value, time);
      return time ?? undefined;
    }
  }
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, ys, ms, ds, hs, mins, ss = '0', frac = '', zone = 'Z'] = match as unknown as string[];
  const [y, m, d, h, mi, s] = [ys, ms, ds, hs, mins, ss].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDate(y, m, d) || h > 23 || mi > 59 || s > 59) return undefined;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 18 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const millis = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const local = Date.UTC(y, m - 1, d, h, mi, s, millis);
  return {
    instant: new Date(local - offsetMinutes * 60_000).toISOString(),
    day: `${ys}-${ms}-${ds}`,
  };
}

/**
 * Days 0 (1970-01-01) … 109,572 (2269-12-31) by number ('' until first asked): an index into a
 * dense array is several times cheaper than a Map, and the scorer asks four times per customer.
 */
const MEMO_DAYS = 109_573;
/** Made on first use: every journey step loads this module, few of them ask for a day's text. */
let dayStrings: string[] | undefined;

/** `YYYY-MM-DD` of an epoch day; memoised, since a population shares a few thousand days. */
export function dayString(day: number): string {
  dayStrings ??= new Array<string>(MEMO_DAYS).fill('');
  const known = dayStrings[day];
  if (known) return known;
  const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
  if (day >= 0 && day < MEMO_DAYS && Number.isInteger(day)) dayStrings[day] = text;
  return text;
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` day: a compact, sortable key for purchase days. */
export function epochDay(day: string): number {
  return daysFromCivil(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  return parseOrderTime(value)?.day === value;
}
