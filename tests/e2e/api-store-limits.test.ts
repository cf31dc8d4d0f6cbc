/**
 * Values a client can send that the stores cannot hold — numbers out of DynamoDB's range or past
 * 2^53, ids past their key's rule, unpaired surrogates, bytes that are not UTF-8, a malformed
 * percent-escape — are answered 4xx problem+json naming the field, before anything is written;
 * a customer is never left unable to take later orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { api, startTestStack, TOKEN } from '../support/local-stack.js';

describe('HTTP API on the local stack: what the stores cannot hold', () => {
  let stack: LocalStack;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    stack = await startTestStack();
    call = api(stack);
    expect((await call('PUT', '/v1/customers/limits-1', { email: 'l@example.com' })).status).toBe(201);
  });
  afterAll(() => stack.close());

  const order = (orderId: string, amount: unknown) => ({
    orderId,
    customerId: 'limits-1',
    orderedAt: '2026-03-01T10:00:00Z',
    amount,
  });

  it('refuses an amount DynamoDB cannot store, counts nothing, and takes the next order of that customer', async () => {
    // Act
    const tiny = await call('POST', '/v1/orders/batch', { orders: [order('t-1', 1e-200)] });
    const huge = await call('POST', '/v1/orders/batch', { orders: [order('t-2', 2 ** 60)] });
    const next = await call('POST', '/v1/orders/batch', { orders: [order('t-3', 12.5)] });
    const customer = await call('GET', '/v1/customers/limits-1');

    // Assess
    expect(tiny.status).toBe(422);
    expect(tiny.type).toBe('application/problem+json');
    expect(tiny.body.errors[0].reasons).toEqual([
      expect.stringMatching(/^amount: must be a number that can be stored/),
    ]);
    expect(huge.status).toBe(422);
    expect(next.status).toBe(200);
    expect(customer.body.purchases).toMatchObject({ orders: 1, spend: 12.5 });
  });

  it('refuses unsafe numbers in free attributes and in campaign fields, writing nothing', async () => {
    // Act
    // As a client would write it: 2^53 + 1, which JSON allows and a double cannot hold.
    const batch = await call(
      'POST',
      '/v1/customers/batch',
      `{"customers":[{"customerId":"limits-2","email":"a@example.com"},{"customerId":"limits-3","attributes":{"visits":9007199254740993}},{"customerId":"limits-4","attributes":{"ratio":1e-300}}]}`,
    );
    const campaign = await call('POST', '/v1/campaigns', {
      campaignId: 'limits',
      name: 'Limits',
      holdoutPercent: 1e-200,
      audience: { minValue: 1e200 },
      email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
      sms: { text: 'Hi' },
    });

    // Assess
    expect(batch.status).toBe(422);
    expect(batch.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2]);
    expect((await call('GET', '/v1/customers/limits-2')).status).toBe(404);
    expect(campaign.status).toBe(400);
    // Each reason with the JSON Pointer of its field (the console shows it there).
    expect(campaign.body.errors).toEqual(
      expect.arrayContaining([
        {
          pointer: '/holdoutPercent',
          reasons: [expect.stringMatching(/^holdoutPercent: must be a number that can be stored/)],
        },
        { pointer: '/audience/minValue', reasons: [expect.stringMatching(/^audience\.minValue: /)] },
      ]),
    );
    expect((await call('GET', '/v1/campaigns/limits')).status).toBe(404);
  });

  it("takes a batch of orders as large as the customer's item can hold, and keeps the most recent 500 categories", async () => {
    // Prepare: 100 orders of one customer, each with 50 distinct categories of 62 bytes
    expect((await call('PUT', '/v1/customers/big-1', { email: 'big@example.com' })).status).toBe(201);
    const orders = Array.from({ length: 100 }, (_, n) => ({
      orderId: `big-${n}`,
      customerId: 'big-1',
      orderedAt: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString(),
      amount: 10,
      categories: Array.from({ length: 50 }, (_, k) => `${'類'.repeat(19)}${n}-${k}`),
    }));

    // Act
    const batch = await call('POST', '/v1/orders/batch', { orders });
    const customer = await call('GET', '/v1/customers/big-1');

    // Assess
    expect(batch.status).toBe(200);
    expect(batch.body.summary).toEqual({ accepted: 100 });
    expect(customer.body.purchases.orders).toBe(100);
    const categories = Object.keys(customer.body.purchases.categories);
    expect(categories).toHaveLength(500);
    expect(categories).toContain(`${'類'.repeat(19)}99-0`);
    expect(categories).not.toContain(`${'類'.repeat(19)}0-0`);
  });

  it('refuses a campaign too large for its item: templates are limited in bytes, not characters', async () => {
    const campaign = await call('POST', '/v1/campaigns', {
      campaignId: 'too-large',
      name: 'Too large',
      email: { subject: 'Hi', html: '😀'.repeat(90_000), text: '😀'.repeat(45_000) },
      sms: { text: 'Hi' },
    });

    expect(campaign.status).toBe(400);
    expect(campaign.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/email/html', reasons: ['email.html: must be at most 100000 bytes of UTF-8'] },
      ]),
    );
    expect((await call('GET', '/v1/campaigns/too-large')).status).toBe(404);
  });

  it('answers ids past their rule with 400 naming the parameter, on every method', async () => {
    const long = 'x'.repeat(2000);
    const answers = [
      await call('GET', `/v1/customers/${long}`),
      await call('DELETE', `/v1/customers/${long}`),
      await call('GET', `/v1/campaigns/${long}`),
      await call('POST', `/v1/campaigns/${long}/start`),
      await call('GET', `/v1/campaigns/${long}/report`),
      await call('POST', `/v1/call-tasks/${long}/assign`, { assignee: 'm-1' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.type).toBe('application/problem+json');
      expect(answer.body.detail).toMatch(/^(customerId|campaignId|taskId) in the path must be/);
    }
  });

  it('refuses text that is not Unicode and a path it cannot decode, with 400', async () => {
    // Act
    const surrogate = await call('PUT', '/v1/customers/limits-5', '{"firstName":"\\ud800"}');
    const notUtf8 = await fetch(`${stack.apiUrl}/v1/customers/limits-6`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"firstName":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    const badEscape = await call('GET', '/v1/customers/%E0%A4%A');

    // Assess
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.detail).toMatch(/firstName.*unpaired surrogate/);
    expect(notUtf8.status).toBe(400);
    expect(((await notUtf8.json()) as { detail: string }).detail).toBe('the body is not valid UTF-8');
    expect(badEscape.status).toBe(400);
    expect((await call('GET', '/v1/customers/limits-5')).status).toBe(404);
  });
});
