import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callAt } from '../../../../functions/domain/journey/journey-rules.js';
import { startOfLocalDay, wallClock } from '../../../../functions/domain/journey/send-window.js';

/** The wall clock read straight from ICU, as `wallClock` read it before it remembered answers. */
function icuWallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday as string) + 1,
  };
}

const daysSince1970 = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const localDay = (w: { year: number; month: number; day: number }) =>
  `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;

// Zones with half- and quarter-hour offsets, both hemispheres' daylight saving, and one whose
// offset before 1972 had seconds in it (Monrovia, −00:44:30).
const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'America/Santiago',
  'Africa/Monrovia',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
];

describe('local wall clocks, remembered', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks ICU once for what planning asks again: the second customer of a zone costs no ICU read', () => {
    // A customer in Sydney whose calling hours never meet Berlin office hours: the call search
    // walks two weeks of both windows' openings — hundreds of wall clocks.
    const manager = {
      window: { start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] },
      timeZone: 'Europe/Berlin',
    };
    const customer = { window: { start: '09:00', end: '10:00' }, timeZone: 'Australia/Sydney' } as const;
    const reads = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    const from = new Date('2031-05-06T11:00:00Z');
    expect(callAt(from, manager as never, customer)).toBeUndefined();
    const first = reads.mock.calls.length;
    expect(first).toBeGreaterThan(20);
    expect(callAt(from, manager as never, customer)).toBeUndefined();
    expect(reads.mock.calls.length).toBe(first);
  });

  it('answers from memory exactly what ICU answers, to the millisecond within a second', () => {
    fc.assert(
      fc.property(
        // 1900 to 2100, any millisecond; then another instant in the same second.
        fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(...ZONES),
        (instant, millisecond, timeZone) => {
          const sameSecond = Math.floor(instant / 1000) * 1000 + millisecond;
          expect(wallClock(instant, timeZone)).toEqual(icuWallClock(instant, timeZone));
          expect(wallClock(sameSecond, timeZone)).toEqual(icuWallClock(sameSecond, timeZone));
        },
      ),
      { numRuns: 2_000 },
    );
    // Monrovia in 1930 was 44 minutes 30 seconds behind: half a minute apart in the same UTC
    // minute, two local minutes.
    const utcMinute = Date.UTC(1930, 5, 1, 12, 0, 0);
    expect(wallClock(utcMinute, 'Africa/Monrovia').minutes).toBe(11 * 60 + 15);
    expect(wallClock(utcMinute + 30_000, 'Africa/Monrovia').minutes).toBe(11 * 60 + 16);
  });

  it("starts each local day at its first minute, asked once or again, on both sides of every zone's changes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: daysSince1970('1990-01-01'), max: daysSince1970('2040-12-31') }),
        fc.constantFrom(...ZONES),
        (dayNumber, timeZone) => {
          const day = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
          for (const asked of [startOfLocalDay(day, timeZone), startOfLocalDay(day, timeZone)]) {
            // On the day at that minute, and the minute before still the day before.
            expect(localDay(icuWallClock(asked.getTime(), timeZone))).toBe(day);
            expect(localDay(icuWallClock(asked.getTime() - 60_000, timeZone)) < day).toBe(true);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
