import { describe, expect, it } from 'vitest';
import { applyOrders, summarise } from '../../../functions/domain/purchase-stats.js';
import { anOrder } from '../../support/orders.js';

const at = (iso: string, amount: number, extra: Partial<Parameters<typeof anOrder>[0]> = {}) =>
  anOrder({
    orderId: `${iso}-${amount}`,
    orderedAt: iso,
    day: iso.slice(0, 10),
    amount,
    baseAmount: amount,
    ...extra,
  });

describe('Function: applyOrders', () => {
  it('counts repeat purchases on distinct days, as BG/NBD does', () => {
    // Prepare: two orders on one day, one on another
    const orders = [
      at('2024-01-05T09:00:00.000Z', 10),
      at('2024-01-05T18:00:00.000Z', 5),
      at('2024-02-01T12:00:00.000Z', 20),
    ];

    // Act
    const summary = summarise(applyOrders(undefined, orders) as NonNullable<ReturnType<typeof applyOrders>>);

    // Assess
    expect(summary).toMatchObject({ orders: 3, repeatPurchases: 1, spend: 35, meanRepeatValue: 20 });
    expect(summary.firstPurchaseAt).toBe('2024-01-05T09:00:00.000Z');
    expect(summary.lastPurchaseAt).toBe('2024-02-01T12:00:00.000Z');
  });

  it('gives the same statistics whatever order the orders arrive in', () => {
    // Prepare
    const orders = [
      at('2024-03-01T10:00:00.000Z', 7, { categories: ['tea'] }),
      at('2023-12-24T10:00:00.000Z', 30, { categories: ['gifts', 'tea'] }),
      at('2024-03-01T15:00:00.000Z', 3),
      at('2024-06-11T08:00:00.000Z', 12.5, { categories: ['gifts'] }),
      at('2023-12-24T20:00:00.000Z', 1.25),
    ];
    const permutations = [
      orders,
      [...orders].reverse(),
      [orders[2], orders[4], orders[0], orders[3], orders[1]],
    ];

    // Act
    const results = permutations.map((p) => applyOrders(undefined, p as typeof orders));
    const incremental = orders.reduce(
      (stats, o) => applyOrders(stats, [o]),
      undefined as ReturnType<typeof applyOrders>,
    );

    // Assess
    for (const r of results) expect(r).toEqual(results[0]);
    expect(incremental).toEqual(results[0]);
    expect(results[0]).toMatchObject({ firstDaySpend: 31.25, spend: 53.75 });
    expect(results[0]?.categories).toEqual({
      gifts: { lastPurchaseAt: '2024-06-11T08:00:00.000Z', orders: 2 },
      tea: { lastPurchaseAt: '2024-03-01T10:00:00.000Z', orders: 2 },
    });
  });

  it('moves the old first day into repeat spend when an earlier order arrives late', () => {
    // Prepare
    const stats = applyOrders(undefined, [at('2024-05-01T10:00:00.000Z', 40)]);

    // Act
    const summary = summarise(
      applyOrders(stats, [at('2024-01-01T10:00:00.000Z', 10)]) as NonNullable<typeof stats>,
    );

    // Assess
    expect(summary).toMatchObject({
      repeatPurchases: 1,
      meanRepeatValue: 40,
      firstPurchaseAt: '2024-01-01T10:00:00.000Z',
    });
  });

  it('keeps cancelled and returned orders out of every figure', () => {
    // Prepare / Act
    const stats = applyOrders(undefined, [
      at('2024-01-01T10:00:00.000Z', 10),
      at('2024-02-01T10:00:00.000Z', 99, { status: 'cancelled' }),
      at('2024-03-01T10:00:00.000Z', 50, { status: 'returned', categories: ['shoes'] }),
    ]);

    // Assess
    expect(stats).toMatchObject({
      orders: 1,
      spend: 10,
      lastPurchaseAt: '2024-01-01T10:00:00.000Z',
      categories: {},
    });
  });

  it('has no statistics for a customer whose only orders were cancelled', () => {
    expect(
      applyOrders(undefined, [at('2024-01-01T10:00:00.000Z', 10, { status: 'cancelled' })]),
    ).toBeUndefined();
  });
});
