import type { Order } from '../../functions/domain/order.js';

/** A valid, normalised order with sensible defaults; override what the test is about. */
export function anOrder(overrides: Partial<Order> & Pick<Order, 'orderId'>): Order {
  const orderedAt = overrides.orderedAt ?? '2024-03-01T10:00:00.000Z';
  return {
    customerId: 'c-1',
    orderedAt,
    day: orderedAt.slice(0, 10),
    amount: 10,
    currency: 'USD',
    baseAmount: overrides.amount ?? 10,
    categories: [],
    status: 'completed',
    ...overrides,
  };
}
