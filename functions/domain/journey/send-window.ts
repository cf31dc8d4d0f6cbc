/**
 * Contact windows in the recipient's own time zone: "SMS between 08:00 and 21:00 local time",
 * "calls on weekdays 09:00–18:00". A moment outside the window moves to the next allowed moment —
 * never dropped. Local wall-clock times come from ICU (`Intl`), so daylight-saving gaps and
 * overlaps follow the IANA rules: a window opening at a local time that does not exist that day
 * (02:30 on a spring-forward night) opens at the first instant after the gap.
 */
import * as z from 'zod';
import { isIanaTimeZone } from '../contact-rules.js';
import { dayString, daysFromCivil, epochDay, isCalendarDay } from '../timestamps.js';
import { storableNumber } from '../validation.js';

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const contactWindowSchema = z
  .strictObject({
    /** Local time the window opens, `HH:MM`. */
    start: z.string().regex(CLOCK, 'must be a 24-hour time HH:MM'),
    /** Local time the window closes (exclusive), `HH:MM`, after `start`. */
    end: z.string().regex(CLOCK, 'must be a 24-hour time HH:MM'),
    /** Days the window is open; every day when absent. */
    weekdays: z
      .array(storableNumber().int().min(1).max(7))
      .min(1)
      .transform((days) => days as Weekday[])
      .optional(),
  })
  .refine((w) => minutesOf(w.start) < minutesOf(w.end), {
    message: 'end must be after start',
    path: ['end'],
  });

export type ContactWindow = z.output<typeof contactWindowSchema>;

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** Hours a window is open on a day it opens. */
export function openHours(window: Pick<ContactWindow, 'start' | 'end'>): number {
  return (minutesOf(window.end) - minutesOf(window.start)) / 60;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  minutes: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * What ICU has already answered, per zone: a wall clock by the instant's whole second (every
 * zone's offset is whole seconds, so that is exact), and a local time's instant by its day and
 * minute. `formatToParts` costs microseconds, and planning asks the same questions again and again
 * — the same openings on the same days for every customer of a zone; a preview of 100,000
 * customers spent two thirds of its time there. Past `ANSWERS` answers in all, whatever the zones,
 * everything starts over: memory stays bounded (about 10 MB) in a long-lived Lambda.
 */
const ANSWERS = 100_000;

class ZoneAnswers<V> {
  private readonly byZone = new Map<string, Map<number, V>>();
  private size = 0;

  get(timeZone: string, key: number): V | undefined {
    return this.byZone.get(timeZone)?.get(key);
  }

  /** Keeps ICU's answer (only once it has answered: a zone it does not know leaves nothing behind). */
  keep(timeZone: string, key: number, answer: V): V {
    if (this.size >= ANSWERS) {
      this.byZone.clear();
      this.size = 0;
    }
    const zone = this.byZone.get(timeZone) ?? new Map<number, V>();
    this.byZone.set(timeZone, zone);
    zone.set(key, answer);
    this.size++;
    return answer;
  }
}

const wallClocks = new ZoneAnswers<Readonly<WallClock>>();
const localInstants = new ZoneAnswers<number>();

/** The local wall clock at an instant (to the minute), with the weekday. Shared and frozen. */
export function wallClock(instant: number, timeZone: string): Readonly<WallClock> {
  const second = Math.floor(instant / 1000);
  return (
    wallClocks.get(timeZone, second) ?? wallClocks.keep(timeZone, second, readWallClock(instant, timeZone))
  );
}

function readWallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return Object.freeze({
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday as string] as Weekday,
  });
}

const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch of a wall-clock time read as UTC. Not `Date.UTC`, which takes the
 * years 0–99 for 1900–1999.
 */
function utcMillis(year: number, month: number, day: number, minutes: number): number {
  return daysFromCivil(year, month, day) * DAY_MS + minutes * 60_000;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = utcMillis(w.year, w.month, w.day, w.minutes);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The first instant at or after the local wall-clock time `minutes` on the given local day. In a
 * DST gap that time does not exist, and the answer is the end of the gap.
 */
function localToInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  // One number per (day, minute): month < 16, day < 32, minutes < 1,440 (a window's clock times).
  const key = ((year * 16 + month) * 32 + day) * 1_440 + minutes;
  return (
    localInstants.get(timeZone, key) ??
    localInstants.keep(timeZone, key, findLocalInstant(year, month, day, minutes, timeZone))
  );
}

function findLocalInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  timeZone: string,
): number {
  const naive = utcMillis(year, month, day, minutes);
  // Two passes settle the offset on either side of a transition; then pick the earliest
  // candidate whose wall clock is not before the target.
  const candidates = new Set<number>();
  for (const probe of [naive - 14 * 3_600_000, naive, naive + 14 * 3_600_000]) {
    const first = naive - offsetMinutes(probe, timeZone) * 60_000;
    candidates.add(first);
    candidates.add(naive - offsetMinutes(first, timeZone) * 60_000);
  }
  const target = naive;
  const wallOf = (t: number) => {
    const w = wallClock(t, timeZone);
    return utcMillis(w.year, w.month, w.day, w.minutes);
  };
  const exact = [...candidates].filter((t) => wallOf(t) === target).sort((a, b) => a - b);
  if (exact.length > 0) return exact[0] as number;
  // The local time falls in a gap: find the transition (the first minute whose wall clock is at
  // or past the target) between a candidate before it and one after it.
  const sorted = [...candidates].sort((a, b) => a - b);
  let hi = sorted.find((t) => wallOf(t) > target) as number;
  let lo = [...sorted].reverse().find((t) => wallOf(t) < target && t < hi) ?? hi - 14 * 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.max(1, Math.floor((hi - lo) / 120_000)) * 60_000;
    if (wallOf(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The calendar day `days` days after `day` (before, when negative), both `YYYY-MM-DD`. Calendar
 * arithmetic, not multiples of 24 hours: a day is a day in every zone, whatever daylight saving
 * does to its length.
 */
export function addCalendarDays(day: string, days: number): string {
  if (!isCalendarDay(day) || !Number.isInteger(days))
    throw new RangeError(`cannot add ${days} days to '${day}'`);
  // Day numbers, not Date objects: a preview asks this twice for each of 100,000 customers.
  const result = dayString(epochDay(day) + days);
  if (!isCalendarDay(result))
    throw new RangeError(`${days} days after '${day}' is not a day of the years 0000–9999`);
  return result;
}

/**
 * The first instant of the calendar day `YYYY-MM-DD` in the zone: local midnight, or the end of
 * the gap where a daylight-saving change skips midnight (America/Santiago in September).
 */
export function startOfLocalDay(day: string, timeZone: string): Date {
  if (!isCalendarDay(day)) throw new RangeError(`'${day}' is not a calendar day (YYYY-MM-DD)`);
  const [year, month, date] = [day.slice(0, 4), day.slice(5, 7), day.slice(8, 10)].map(Number) as [
    number,
    number,
    number,
  ];
  return new Date(localToInstant(year, month, date, 0, timeZone));
}

/**
 * The earliest instant at or after `from` inside the window, in the zone. Seconds are kept when
 * `from` is already inside; a moved moment lands on the window's opening minute.
 */
export function nextInWindow(from: Date, window: ContactWindow, timeZone: string): Date {
  const open = minutesOf(window.start);
  const close = minutesOf(window.end);
  const t = from.getTime();
  const now = wallClock(t, timeZone);
  const allowedDay = (weekday: Weekday) => !window.weekdays || window.weekdays.includes(weekday);
  if (allowedDay(now.weekday) && now.minutes >= open && now.minutes < close) return new Date(t);
  // Walk forward local day by local day (at most a week plus one day for weekday rules).
  for (let offset = 0; offset <= 8; offset++) {
    const day = new Date((daysFromCivil(now.year, now.month, now.day) + offset) * DAY_MS);
    const weekday = (((day.getUTCDay() + 6) % 7) + 1) as Weekday;
    if (!allowedDay(weekday)) continue;
    const opening = localToInstant(
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      open,
      timeZone,
    );
    if (opening > t) return new Date(opening);
  }
  throw new Error('a contact window must open at least once a week');
}

/** True when the instant is inside the window in the zone. */
export function isInWindow(at: Date, window: ContactWindow, timeZone: string): boolean {
  return nextInWindow(at, window, timeZone).getTime() === at.getTime();
}

/**
 * The earliest instant at or after `from` inside every window, each in its own zone — e.g. a
 * manager's business hours in the office's zone and the customer's calling hours in theirs.
 * Undefined when the windows never overlap within two weeks.
 */
export function nextInAllWindows(
  from: Date,
  windows: readonly { window: ContactWindow; timeZone: string }[],
): Date | undefined {
  let t = from;
  const horizon = from.getTime() + 14 * 86_400_000;
  while (t.getTime() <= horizon) {
    let moved = false;
    for (const { window, timeZone } of windows) {
      const next = nextInWindow(t, window, timeZone);
      if (next.getTime() !== t.getTime()) {
        t = next;
        moved = true;
      }
    }
    if (!moved) return t;
  }
  return undefined;
}

/**
 * The zone a customer's windows are read in: their own, or the deployment's default when the
 * profile has none or this runtime's time-zone data does not know it (a zone renamed or added
 * after the runtime's ICU was built). `note` says so, for the journey's timeline.
 */
export function recipientTimeZone(
  stored: string | undefined,
  fallback: string,
): { timeZone: string; note?: string } {
  if (stored && isIanaTimeZone(stored)) return { timeZone: stored };
  return {
    timeZone: fallback,
    note: stored
      ? `time zone '${stored}' unknown here: windows read in the default ${fallback}`
      : `no time zone: windows read in the default ${fallback}`,
  };
}

/** `YYYY-MM-DD HH:MM` in the zone: how a customer's timeline is shown. */
export function localDateTime(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(Math.floor(w.minutes / 60))}:${two(w.minutes % 60)}`;
}
