import { describe, expect, it } from 'vitest';
import { normaliseOrder, orderInputSchema } from '../../../functions/domain/order.js';
import { validate } from '../../../functions/domain/validation.js';

const currency = { base: 'USD', rates: { EUR: 1.1 } };
const now = new Date('2026-11-23T12:00:00Z');
const check = (input: Record<string, unknown>) => {
  const parsed = validate(orderInputSchema, {
    orderId: 'o-1',
    customerId: 'c-1',
    orderedAt: '2026-01-02',
    amount: 10,
    ...input,
  });
  return parsed.ok ? normaliseOrder(parsed.value, currency, now) : parsed;
};

describe('Function: normaliseOrder', () => {
  it('converts amounts into the base currency and sorts categories', () => {
    expect(check({ currency: 'EUR', amount: 20, categories: ['tea', 'gifts', 'tea'] })).toEqual({
      ok: true,
      order: expect.objectContaining({
        amount: 20,
        currency: 'EUR',
        baseAmount: 22,
        categories: ['gifts', 'tea'],
        day: '2026-01-02',
      }),
    });
  });

  it.each([
    [{ amount: -5 }, /amount: must not be negative/],
    [{ currency: 'XYZ' }, /'XYZ' is not an ISO 4217 currency code/],
    [{ currency: 'GBP' }, /no exchange rate from GBP to USD/],
    [{ orderedAt: '2026-02-30' }, /is not an ISO 8601 date/],
    [{ orderedAt: '2027-06-01' }, /is in the future/],
    [{ status: 'lost' }, /status: /],
  ])('refuses %o', (input, reason) => {
    const result = check(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.reasons).toContainEqual(expect.stringMatching(reason));
  });
});
