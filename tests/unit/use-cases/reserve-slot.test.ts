/** Reserving slots of a shared capacity: the rate per second holds, windows are kept, a burst spreads. */
import { describe, expect, it } from 'vitest';
import { perHour, perSecond, spreadInWindow } from '../../../functions/domain/journey/pacing.js';
import { isInWindow, nextInWindow } from '../../../functions/domain/journey/send-window.js';
import { smsParts } from '../../../functions/domain/journey/sms-parts.js';
import { reserveSlot } from '../../../functions/use-cases/reserve-slot.js';
import { InMemorySlotBook } from '../../fakes/in-memory-slot-book.js';

const perSecondCounts = (instants: Date[]) => {
  const counts = new Map<number, number>();
  for (const t of instants) {
    const s = Math.floor(t.getTime() / 1000);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
};

describe('reserveSlot', () => {
  const window = { start: '09:00', end: '20:00' };
  const inWindow = (zone: string) => (at: Date) => nextInWindow(at, window, zone);

  it('spreads 5,000 emails due at the same opening over the window at 14 a second, never more in a second', async () => {
    const book = new InMemorySlotBook();
    const from = new Date('2026-06-01T07:00:00Z'); // before the window opens
    const slots: Date[] = [];
    for (let i = 0; i < 5000; i++) {
      const slot = await reserveSlot(book, {
        resource: 'email',
        capacity: perSecond(14),
        from,
        allowed: inWindow('UTC'),
      });
      slots.push(slot as Date);
    }
    expect(slots.every((s) => isInWindow(s, window, 'UTC'))).toBe(true);
    expect(Math.max(...perSecondCounts(slots).values())).toBe(14);
    expect(slots[0]?.toISOString()).toBe('2026-06-01T09:00:00.000Z');
    // 5,000 at 14/s: just under six minutes after the opening.
    expect((slots.at(-1) as Date).getTime() - Date.parse('2026-06-01T09:00:00Z')).toBeLessThan(
      (5000 / 14) * 1000 + 60_000,
    );
  });

  it('continues at the next opening when the window closes, and starts a bucket under way at the present', async () => {
    const book = new InMemorySlotBook();
    const lastMinute = new Date('2026-06-01T19:59:30Z');
    const slots: Date[] = [];
    for (let i = 0; i < 40; i++)
      slots.push(
        (await reserveSlot(book, {
          resource: 'sms',
          capacity: perSecond(1),
          from: lastMinute,
          allowed: inWindow('UTC'),
        })) as Date,
      );
    // 30 seconds of the evening are left (from 19:59:30, not from the minute's start), then the morning.
    expect(slots[0]?.toISOString()).toBe('2026-06-01T19:59:30.000Z');
    expect(slots.filter((s) => s.toISOString().startsWith('2026-06-01')).length).toBe(30);
    expect(slots[30]?.toISOString()).toBe('2026-06-02T09:00:00.000Z');
  });

  it('takes as many units as an SMS has parts', async () => {
    const book = new InMemorySlotBook();
    const from = new Date('2026-06-01T10:00:00Z');
    const first = await reserveSlot(book, {
      resource: 'sms',
      capacity: perSecond(1),
      amount: 2,
      from,
      allowed: (a) => a,
    });
    const second = await reserveSlot(book, {
      resource: 'sms',
      capacity: perSecond(1),
      amount: 2,
      from,
      allowed: (a) => a,
    });
    expect(first?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    expect(second?.toISOString()).toBe('2026-06-01T10:00:02.000Z');
  });

  it('spreads calls over the business hours by the managers’ capacity, and says when none can be placed', async () => {
    const book = new InMemorySlotBook();
    const hours = { start: '09:00', end: '11:00', weekdays: [1, 2, 3, 4, 5] as (1 | 2 | 3 | 4 | 5)[] };
    const from = new Date('2026-06-05T08:00:00Z'); // a Friday
    const calls: Date[] = [];
    for (let i = 0; i < 45; i++)
      calls.push(
        (await reserveSlot(book, {
          resource: 'calls',
          capacity: perHour(10),
          from,
          allowed: (at) => nextInWindow(at, hours, 'UTC'),
        })) as Date,
      );
    // 20 a day: Friday, Monday, then Tuesday for the last five.
    const days = calls.map((c) => c.toISOString().slice(0, 10));
    expect(days.filter((d) => d === '2026-06-05')).toHaveLength(20);
    expect(days.filter((d) => d === '2026-06-08')).toHaveLength(20);
    expect(days.filter((d) => d === '2026-06-09')).toHaveLength(5);
    expect(
      await reserveSlot(book, { resource: 'calls', capacity: perHour(10), from, allowed: () => undefined }),
    ).toBeUndefined();
  });
});

describe('pacing helpers', () => {
  it('counts SMS parts as carriers do: GSM-7 160/153, UCS-2 70/67', () => {
    expect(smsParts('a'.repeat(160))).toBe(1);
    expect(smsParts('a'.repeat(161))).toBe(2);
    expect(smsParts('€'.repeat(80))).toBe(1); // two septets each
    expect(smsParts('я'.repeat(70))).toBe(1);
    expect(smsParts('я'.repeat(71))).toBe(2);
    expect(smsParts('я'.repeat(135))).toBe(3);
  });

  it('wakes a journey with nothing to send at a fixed point in the window’s first hour', () => {
    const window = { start: '09:00', end: '20:00' };
    const from = new Date('2026-06-01T07:00:00Z');
    const a = spreadInWindow(from, window, 'UTC', { campaignId: 'c', customerId: 'x' });
    expect(spreadInWindow(from, window, 'UTC', { campaignId: 'c', customerId: 'x' })).toEqual(a);
    const points = Array.from({ length: 200 }, (_, i) =>
      spreadInWindow(from, window, 'UTC', { campaignId: 'c', customerId: `c${i}` }).getTime(),
    );
    expect(Math.min(...points)).toBeGreaterThanOrEqual(Date.parse('2026-06-01T09:00:00Z'));
    expect(Math.max(...points)).toBeLessThan(Date.parse('2026-06-01T10:00:00Z'));
    expect(new Set(points).size).toBeGreaterThan(150);
  });
});
