/**
 * The churn moment is a calendar day in the customer's own zone: the first email goes at the
 * opening of the email window on (churn day − lead days), local — in zones behind UTC and ahead
 * of it, across daylight-saving changes — and the audience horizon counts calendar days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AudienceCandidate,
  audienceExclusion,
  audienceSchema,
} from '../../../../functions/domain/journey/audience.js';
import { planJourneyStart } from '../../../../functions/domain/journey/journey-rules.js';
import {
  addCalendarDays,
  localDateTime,
  startOfLocalDay,
} from '../../../../functions/domain/journey/send-window.js';

const EMAIL = { start: '09:00', end: '20:00' };

describe('calendar days in a zone', () => {
  it('counts whole calendar days across month ends, leap days and year ends', () => {
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-15', -7)).toBe('2026-03-08');
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('counts days as the calendar does, across months, leap days and years', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -40_000, max: 40_000 }),
        (date, days) => {
          const day = date.toISOString().slice(0, 10);
          const expected = new Date(
            Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days),
          );
          expect(addCalendarDays(day, days)).toBe(expected.toISOString().slice(0, 10));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses a day that is not one', () => {
    for (const day of ['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '2026-01-01T00:00:00Z', ''])
      expect(() => addCalendarDays(day, 1)).toThrow(RangeError);
    expect(() => startOfLocalDay('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => addCalendarDays('2026-01-01', 0.5)).toThrow(RangeError);
    // Past the four-digit years the answer would not be a day (`+010000-01`).
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('0000-01-01', -1)).toThrow(RangeError);
  });

  it('reads the years 0000–0099 as themselves, not as 1900–1999', () => {
    expect(addCalendarDays('0099-12-31', 1)).toBe('0100-01-01');
    expect(addCalendarDays('0004-02-28', 1)).toBe('0004-02-29');
    expect(startOfLocalDay('0050-01-01', 'UTC')).toEqual(new Date('0050-01-01T00:00:00Z'));
  });

  it("starts a day at the zone's own midnight, or at the end of a gap that skips midnight", () => {
    expect(startOfLocalDay('2026-01-20', 'America/New_York')).toEqual(new Date('2026-01-20T05:00:00Z'));
    expect(startOfLocalDay('2026-01-20', 'Australia/Sydney')).toEqual(new Date('2026-01-19T13:00:00Z'));
    // The day the US springs forward still starts at 00:00 EST; the next one at 00:00 EDT.
    expect(startOfLocalDay('2026-03-08', 'America/New_York')).toEqual(new Date('2026-03-08T05:00:00Z'));
    expect(startOfLocalDay('2026-03-09', 'America/New_York')).toEqual(new Date('2026-03-09T04:00:00Z'));
    // Chile moves 00:00 to 01:00 on 2026-09-06: that day starts at 01:00 −03.
    expect(startOfLocalDay('2026-09-06', 'America/Santiago')).toEqual(new Date('2026-09-06T04:00:00Z'));
  });
});

describe('journey start on the customer’s local churn day', () => {
  const base = {
    now: new Date('2026-01-01T12:00:00Z'),
    emailWindow: EMAIL,
    followUpDays: 20,
  };

  it.each([
    // zone, the email at 09:00 local on 2026-01-20 and on 2026-01-13, as instants
    ['America/Los_Angeles', '2026-01-20T17:00:00Z', '2026-01-13T17:00:00Z'],
    ['America/New_York', '2026-01-20T14:00:00Z', '2026-01-13T14:00:00Z'],
    ['Australia/Sydney', '2026-01-19T22:00:00Z', '2026-01-12T22:00:00Z'],
    ['Pacific/Kiritimati', '2026-01-19T19:00:00Z', '2026-01-12T19:00:00Z'],
  ])(
    'in %s, sends at the window opening on the churn day itself, and 7 calendar days before it',
    (timeZone, onTheDay, weekBefore) => {
      // Act
      const lead0 = planJourneyStart({ ...base, timeZone, churnMoment: '2026-01-20', leadDays: 0 });
      const lead7 = planJourneyStart({ ...base, timeZone, churnMoment: '2026-01-20', leadDays: 7 });

      // Assess
      expect(lead0).toEqual({ enrol: true, emailAt: new Date(onTheDay) });
      expect(lead7).toEqual({ enrol: true, emailAt: new Date(weekBefore) });
      if (lead0.enrol && lead7.enrol) {
        expect(localDateTime(lead0.emailAt.getTime(), timeZone)).toBe('2026-01-20 09:00');
        expect(localDateTime(lead7.emailAt.getTime(), timeZone)).toBe('2026-01-13 09:00');
      }
    },
  );

  it('still sends at 09:00 local when the lead days cross the US spring-forward (2026-03-08)', () => {
    const newYork = { ...base, timeZone: 'America/New_York', leadDays: 7 };
    // Churn day in EDT, contact day in EST: 09:00 EST = 14:00Z.
    expect(planJourneyStart({ ...newYork, churnMoment: '2026-03-12' })).toEqual({
      enrol: true,
      emailAt: new Date('2026-03-05T14:00:00Z'),
    });
    // Contact day on the change itself (09:00 is after the gap, EDT = 13:00Z) and one after it.
    expect(planJourneyStart({ ...newYork, churnMoment: '2026-03-15' })).toEqual({
      enrol: true,
      emailAt: new Date('2026-03-08T13:00:00Z'),
    });
    expect(planJourneyStart({ ...newYork, churnMoment: '2026-03-16' })).toEqual({
      enrol: true,
      emailAt: new Date('2026-03-09T13:00:00Z'),
    });
  });

  it("moves a contact day the window is closed on to the window's next open day", () => {
    // Sunday 2026-01-25 in New York, weekday window: Monday 09:00 EST.
    expect(
      planJourneyStart({
        ...base,
        timeZone: 'America/New_York',
        churnMoment: '2026-01-25',
        leadDays: 0,
        emailWindow: { ...EMAIL, weekdays: [1, 2, 3, 4, 5] },
      }),
    ).toEqual({ enrol: true, emailAt: new Date('2026-01-26T14:00:00Z') });
  });

  it('sends at the next allowed time once the local contact day has begun, and not before', () => {
    // 10:00 on the 20th in Sydney (still the 19th in UTC): the day has begun, the window is open.
    const sydneyMorning = new Date('2026-01-19T23:00:00Z');
    expect(
      planJourneyStart({
        ...base,
        now: sydneyMorning,
        timeZone: 'Australia/Sydney',
        churnMoment: '2026-01-20',
        leadDays: 0,
      }),
    ).toEqual({ enrol: true, emailAt: sydneyMorning, note: expect.stringMatching(/past/) });
    // 22:00 on the 19th in New York (already the 20th in UTC): the day is still to come.
    expect(
      planJourneyStart({
        ...base,
        now: new Date('2026-01-20T03:00:00Z'),
        timeZone: 'America/New_York',
        churnMoment: '2026-01-20',
        leadDays: 0,
      }),
    ).toEqual({ enrol: true, emailAt: new Date('2026-01-20T14:00:00Z') });
    // A contact day long past, asked at 21:00 New York time: the next opening, 09:00 tomorrow.
    expect(
      planJourneyStart({
        ...base,
        now: new Date('2026-01-21T02:00:00Z'),
        timeZone: 'America/New_York',
        churnMoment: '2026-01-15',
        leadDays: 7,
      }),
    ).toEqual({
      enrol: true,
      emailAt: new Date('2026-01-21T14:00:00Z'),
      note: expect.stringMatching(/past/),
    });
  });

  it('counts a fraction of a lead day as a whole day, and refuses a churn moment that is no calendar day', () => {
    expect(planJourneyStart({ ...base, timeZone: 'UTC', churnMoment: '2026-01-20', leadDays: 0.5 })).toEqual({
      enrol: true,
      emailAt: new Date('2026-01-19T09:00:00Z'),
    });
    expect(planJourneyStart({ ...base, timeZone: 'UTC', churnMoment: '2026-02-30', leadDays: 0 })).toEqual({
      enrol: false,
      reason: "unreadable churn moment '2026-02-30'",
    });
  });
});

describe('audience horizon in calendar days', () => {
  const candidate = (churnMomentOn: string | null): AudienceCandidate => ({
    customerId: 'c-1',
    churnMomentOn,
    pAlive: 0.3,
    clv365Days: 100,
    lapsedCategories: [],
  });
  const today = audienceSchema.parse({ horizonDays: 0 });

  it('reaches a contact day as soon as it is today somewhere, by the clocks furthest ahead (UTC+14)', () => {
    // 09:59Z is 23:59 on 2026-06-01 in Kiritimati: the 1st is in, the 2nd not yet.
    const before = new Date('2026-06-01T09:59:00Z');
    expect(audienceExclusion(candidate('2026-06-01'), today, 0, before)).toBeUndefined();
    expect(audienceExclusion(candidate('2026-06-02'), today, 0, before)).toBe('beyond horizon');
    // 10:00Z: the 2nd has begun in Kiritimati (and Sydney is at 20:00 on the 1st, New York at 06:00).
    const after = new Date('2026-06-01T10:00:00Z');
    expect(audienceExclusion(candidate('2026-06-02'), today, 0, after)).toBeUndefined();
    expect(audienceExclusion(candidate('2026-06-03'), today, 0, after)).toBe('beyond horizon');
  });

  it('subtracts the lead time in calendar days and always keeps a churn moment already past', () => {
    const month = audienceSchema.parse({ horizonDays: 30 });
    const now = new Date('2026-06-01T09:00:00Z');
    // Contact day = churn day − 7: 2026-07-01 is 30 days after 2026-06-01, 2026-07-02 is 31.
    expect(audienceExclusion(candidate('2026-07-08'), month, 7, now)).toBeUndefined();
    expect(audienceExclusion(candidate('2026-07-09'), month, 7, now)).toBe('beyond horizon');
    expect(audienceExclusion(candidate('2025-01-01'), today, 7, now)).toBeUndefined();
    expect(audienceExclusion(candidate(null), month, 7, now)).toBe('never churns');
  });
});
