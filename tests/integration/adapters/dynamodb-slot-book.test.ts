/**
 * The slot book on dynalite: concurrent claims on one bucket never share a unit; a bucket whose
 * count lags behind the present is moved forward to the claim's floor; and the whole reservation —
 * hundreds of journeys asking for the same second — gives every one its own slot, no second
 * holding more than the rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSlotBook } from '../../../functions/adapters/dynamodb-slot-book.js';
import { perSecond } from '../../../functions/domain/journey/pacing.js';
import { reserveSlot } from '../../../functions/use-cases/reserve-slot.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const EXPIRES = new Date('2026-06-02T00:00:00Z');

describe('DynamoSlotBook', () => {
  let fx: DynamoFixture;
  let book: DynamoSlotBook;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    book = new DynamoSlotBook(fx.db, (await fx.freshTables()).slots);
  });
  afterAll(() => fx.close());

  it('gives concurrent claims distinct units, counting from the floor of the first', async () => {
    const taken = await Promise.all(Array.from({ length: 40 }, () => book.take('email#a', 1, 5, EXPIRES)));
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 6 + i));
  });

  it('moves a lagging count forward to the floor, and never back', async () => {
    expect(await book.take('email#b', 1, 0, EXPIRES)).toBe(1);
    expect(await book.take('email#b', 2, 30, EXPIRES)).toBe(32);
    expect(await book.take('email#b', 1, 10, EXPIRES)).toBe(33);
  });

  it('reserves 300 sends asked for in the same second at 14 a second, one slot each', async () => {
    const from = new Date('2026-06-01T09:00:30Z');
    const slots = await Promise.all(
      Array.from({ length: 300 }, () =>
        reserveSlot(book, { resource: 'email#c', capacity: perSecond(14), from, allowed: (at) => at }),
      ),
    );
    const instants = slots.map((s) => s?.getTime() ?? Number.NaN);
    expect(new Set(instants).size).toBe(300);
    expect(Math.min(...instants)).toBeGreaterThanOrEqual(from.getTime());
    const perSecondCount = new Map<number, number>();
    for (const t of instants)
      perSecondCount.set(Math.floor(t / 1000), (perSecondCount.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecondCount.values())).toBeLessThanOrEqual(14);
    // 300 at 14 a second: about 22 seconds, not spread any further than the rate needs.
    expect(Math.max(...instants) - from.getTime()).toBeLessThan(23_000);
  });
});
