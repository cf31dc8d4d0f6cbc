import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoOrderLedger } from '../../../functions/adapters/dynamodb-order-ledger.js';
import type { PurchaseStats } from '../../../functions/domain/purchase-stats.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { anOrder } from '../../support/orders.js';

describe('Class: DynamoOrderLedger (on dynalite)', () => {
  let fx: DynamoFixture;
  let tables: Awaited<ReturnType<DynamoFixture['freshTables']>>;

  beforeAll(async () => {
    fx = await startDynamoFixture();
  });
  afterAll(() => fx.close());
  beforeEach(async () => {
    tables = await fx.freshTables();
    await fx.putItem(tables.customers, { customerId: 'c-1', createdAt: 'x', updatedAt: 'x' });
  });

  const statsOf = async (customerId = 'c-1') =>
    (await fx.getItem(tables.customers, { customerId }))?.stats as PurchaseStats | undefined;
  const storedOrder = (orderId: string) => fx.getItem(tables.orders, { orderId });

  it('counts each order once and a re-import of the same orders changes nothing', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);
    const orders = [
      anOrder({ orderId: 'o-1', orderedAt: '2024-01-05T09:00:00.000Z', amount: 20, baseAmount: 20 }),
      anOrder({ orderId: 'o-2', orderedAt: '2024-01-05T17:00:00.000Z', amount: 5, baseAmount: 5 }),
      anOrder({ orderId: 'o-3', orderedAt: '2024-02-10T12:00:00.000Z', amount: 30, baseAmount: 30 }),
    ];

    // Act
    const first = await ledger.record(orders);
    const statsAfterFirst = await statsOf();
    const second = await ledger.record(orders);

    // Assess
    expect(first.outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(second.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(statsAfterFirst).toMatchObject({ orders: 3, spend: 55, firstDaySpend: 25 });
    expect(statsAfterFirst?.purchaseDays).toHaveLength(2);
    expect(await statsOf()).toEqual(statsAfterFirst);
    expect(await storedOrder('o-3')).toMatchObject({ customerId: 'c-1', amount: 30 });
  });

  it('refuses an order id that comes back with different content, naming the difference', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);
    await ledger.record([anOrder({ orderId: 'o-1', amount: 20, baseAmount: 20 })]);

    // Act
    const result = await ledger.record([anOrder({ orderId: 'o-1', amount: 25, baseAmount: 25 })]);

    // Assess
    expect(result.outcomes[0]).toEqual({
      status: 'rejected',
      reasons: ['order o-1 was already recorded with a different amount'],
    });
    expect((await statsOf())?.spend).toBe(20);
  });

  it('refuses orders of unknown customers unless asked to create them', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);
    const order = anOrder({ orderId: 'o-9', customerId: 'nobody' });

    // Act
    const refused = await ledger.record([order]);
    const created = await ledger.record([order], { createMissingCustomers: true });

    // Assess
    expect(refused.outcomes[0]?.status).toBe('rejected');
    expect(created.outcomes[0]?.status).toBe('accepted');
    expect((await statsOf('nobody'))?.orders).toBe(1);
  });

  it('writes nothing at all in all-or-nothing mode when one order is refused', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);

    // Act
    const result = await ledger.record(
      [anOrder({ orderId: 'o-1' }), anOrder({ orderId: 'o-2', customerId: 'nobody' })],
      { allOrNothing: true },
    );

    // Assess
    expect(result.written).toBe(false);
    expect(await storedOrder('o-1')).toBeUndefined();
    expect(await statsOf()).toBeUndefined();
  });

  it('stores cancelled and returned orders without counting them', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);

    // Act
    await ledger.record([
      anOrder({ orderId: 'o-1', amount: 10, baseAmount: 10 }),
      anOrder({ orderId: 'o-2', amount: 99, baseAmount: 99, status: 'cancelled' }),
      anOrder({ orderId: 'o-3', amount: 50, baseAmount: 50, status: 'returned' }),
    ]);

    // Assess
    expect(await statsOf()).toMatchObject({ orders: 1, spend: 10 });
    expect(await storedOrder('o-2')).toMatchObject({ status: 'cancelled' });
  });

  it('never counts an order twice when the writer crashes after committing and the import is re-run', async () => {
    // Prepare: the first run dies when it stores the committed orders (after the commit).
    let crash = true;
    const crashing = {
      send: (command: unknown) => {
        if (crash && command instanceof BatchWriteItemCommand) {
          crash = false;
          return Promise.reject(new Error('process killed'));
        }
        return fx.db.send(command as never);
      },
    } as unknown as DynamoDBClient;
    const orders = [
      anOrder({ orderId: 'o-1', amount: 7, baseAmount: 7 }),
      anOrder({ orderId: 'o-2', amount: 3, baseAmount: 3, orderedAt: '2024-05-01T00:00:00.000Z' }),
    ];

    // Act
    await expect(new DynamoOrderLedger(crashing, tables).record(orders)).rejects.toThrow('process killed');
    const rerun = await new DynamoOrderLedger(fx.db, tables).record(orders);
    // A later order of the same customer rolls the pending ones forward into the orders table.
    await new DynamoOrderLedger(fx.db, tables).record([
      anOrder({ orderId: 'o-3', orderedAt: '2024-06-01T00:00:00.000Z' }),
    ]);

    // Assess
    expect(rerun.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(await statsOf()).toMatchObject({ orders: 3, spend: 20 });
    expect(await storedOrder('o-1')).toMatchObject({ amount: 7 });
    expect(await storedOrder('o-2')).toMatchObject({ amount: 3 });
  });

  it('counts every order exactly once when many writers record overlapping orders of one customer at once', async () => {
    // Prepare: 12 writers, each sending a window of 10 consecutive orders out of 30.
    const all = Array.from({ length: 30 }, (_, n) =>
      anOrder({
        orderId: `o-${n}`,
        orderedAt: new Date(Date.UTC(2024, 0, 1 + n)).toISOString(),
        amount: n + 1,
        baseAmount: n + 1,
      }),
    );
    const writers = Array.from({ length: 12 }, (_, w) => all.slice((w * 2) % 21, ((w * 2) % 21) + 10));

    // Act
    const results = await Promise.all(
      writers.map((batch) => new DynamoOrderLedger(fx.db, tables).record(batch)),
    );

    // Assess
    const accepted = results.flatMap((r) => r.outcomes).filter((o) => o.status === 'accepted').length;
    const covered = new Set(writers.flat().map((o) => o.orderId)).size;
    const stats = await statsOf();
    expect(accepted).toBe(covered);
    expect(stats?.orders).toBe(covered);
    expect(stats?.spend).toBe(
      writers
        .flat()
        .filter((o, i, a) => a.findIndex((x) => x.orderId === o.orderId) === i)
        .reduce((s, o) => s + o.amount, 0),
    );
  });

  it('refuses the second record of an order id within one batch when it differs', async () => {
    // Prepare
    const ledger = new DynamoOrderLedger(fx.db, tables);

    // Act
    const result = await ledger.record([
      anOrder({ orderId: 'o-1' }),
      anOrder({ orderId: 'o-1', customerId: 'c-2' }),
    ]);

    // Assess
    expect(result.outcomes[0]?.status).toBe('accepted');
    expect(result.outcomes[1]).toEqual({
      status: 'rejected',
      reasons: ['order o-1 appears earlier in this batch with a different customerId'],
    });
  });
});
