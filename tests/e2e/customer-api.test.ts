import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variablesOf } from '../../functions/manifest/environment.js';
import { FUNCTIONS, type FunctionName } from '../../functions/manifest/functions.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { api, startTestStack } from '../support/local-stack.js';

describe('HTTP API on the local stack: customers and orders', () => {
  let stack: LocalStack;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    stack = await startTestStack();
    call = api(stack);
  });
  afterAll(() => stack.close());

  it("runs each handler with its manifest entry's variables only, none from the process's environment", async () => {
    // Prepare: a handler composed (the first request to it)
    expect((await call('GET', '/v1/customers/nobody')).status).toBe(404);

    // Assess
    const every = new Set(Object.values(FUNCTIONS).flatMap((spec) => variablesOf(spec)));
    expect(Object.keys(process.env).filter((name) => every.has(name as never))).toEqual([]);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const given = Object.keys(stack.functions.environment(name)).sort();
      // Optional variables the configuration leaves unset (an SMS origination number) are absent,
      // and so is the user pool: locally the API checks bearer tokens itself, no authorizer runs.
      const unset: Partial<Record<FunctionName, string[]>> = {
        sendSms: ['SMS_ORIGINATION_NUMBER'],
        authorizeCaller: ['USER_POOL_ID'],
      };
      expect(variablesOf(FUNCTIONS[name]).filter((v) => !given.includes(v))).toEqual(unset[name] ?? []);
      expect(given.every((v) => variablesOf(FUNCTIONS[name]).includes(v as never))).toBe(true);
    }
  });

  it('refuses requests without the right bearer token with 401 problem+json', async () => {
    const none = await call('GET', '/v1/customers/x', undefined, { authorization: '' });
    const wrong = await call('GET', '/v1/customers/x', undefined, { authorization: 'Bearer nope' });
    for (const r of [none, wrong]) {
      expect(r.status).toBe(401);
      expect(r.type).toBe('application/problem+json');
      expect(r.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
  });

  it("refuses a route outside the token's role with 403 problem+json, writing nothing", async () => {
    const as = (role: keyof typeof stack.tokens) => ({ authorization: `Bearer ${stack.tokens[role]}` });
    const customer = { email: 'role@example.com', consent: { email: true, sms: false } };
    // A call-centre agent may read a profile but not change one; a marketer may not feed data.
    const agentPut = await call('PUT', '/v1/customers/role-1', customer, as('agent'));
    const marketerBatch = await call('POST', '/v1/orders/batch', { orders: [] }, as('marketer'));
    const agentCampaigns = await call('GET', '/v1/campaigns', undefined, as('agent'));
    // Erasure is the admin's alone.
    const integrationErase = await call('DELETE', '/v1/customers/role-1', undefined, as('integration'));
    for (const r of [agentPut, marketerBatch, agentCampaigns, integrationErase]) {
      expect(r.status).toBe(403);
      expect(r.type).toBe('application/problem+json');
      expect(r.body).toMatchObject({ status: 403, title: 'Forbidden' });
    }
    expect(agentPut.body.detail).toBe(
      'the agent role may not PUT /v1/customers/{customerId}; it is open to admin, integration',
    );
    expect((await call('GET', '/v1/customers/role-1', undefined, as('agent'))).status).toBe(404);

    // Each role reaches what it is for.
    expect((await call('PUT', '/v1/customers/role-1', customer, as('integration'))).status).toBe(201);
    expect((await call('GET', '/v1/customers/role-1', undefined, as('agent'))).status).toBe(200);
    expect((await call('GET', '/v1/campaigns', undefined, as('marketer'))).status).toBe(200);
    expect((await call('GET', '/v1/call-tasks', undefined, as('agent'))).status).toBe(200);
    expect((await call('DELETE', '/v1/customers/role-1', undefined, as('admin'))).status).toBe(204);
  });

  it('creates, reads, replaces and erases a customer', async () => {
    // Act
    const created = await call('PUT', '/v1/customers/ann-1', {
      email: 'ann@example.com',
      phone: '+14155552671',
      firstName: 'Ann',
      consent: { email: true, sms: false },
      attributes: { tier: 'gold' },
    });
    const replaced = await call('PUT', '/v1/customers/ann-1', {
      email: 'ann@example.com',
      firstName: 'Annie',
      timeZone: 'America/New_York',
    });
    const erased = await call('DELETE', '/v1/customers/ann-1');
    const afterErasure = await call('GET', '/v1/customers/ann-1');

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerId: 'ann-1',
      timeZone: 'Europe/Berlin',
      status: 'active',
      purchases: null,
      scores: null,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      firstName: 'Annie',
      timeZone: 'America/New_York',
      consent: { email: false, sms: false },
    });
    expect(replaced.body).not.toHaveProperty('phone');
    expect(erased.status).toBe(204);
    expect(afterErasure.body).toMatchObject({ customerId: 'ann-1', status: 'erased' });
    expect(afterErasure.body).not.toHaveProperty('email');
  });

  it('records orders once, shows the purchase summary, and treats a resent batch as unchanged', async () => {
    // Prepare
    await call('PUT', '/v1/customers/bob-1', { email: 'bob@example.com' });
    const orders = {
      orders: [
        {
          orderId: 'bo-1',
          customerId: 'bob-1',
          orderedAt: '2026-01-03T10:00:00Z',
          amount: 30,
          currency: 'USD',
          categories: ['tea'],
        },
        {
          orderId: 'bo-2',
          customerId: 'bob-1',
          orderedAt: '2026-02-03T10:00:00Z',
          amount: 10,
          currency: 'EUR',
        },
      ],
    };

    // Act
    const first = await call('POST', '/v1/orders/batch', orders);
    const again = await call('POST', '/v1/orders/batch', orders);
    const bob = await call('GET', '/v1/customers/bob-1');

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.summary).toEqual({ accepted: 2 });
    expect(again.body.summary).toEqual({ unchanged: 2 });
    expect(bob.body.purchases).toMatchObject({
      orders: 2,
      repeatPurchases: 1,
      spend: 41,
      meanRepeatValue: 11,
    });
    expect(bob.body.purchases.categories).toEqual({
      tea: { lastPurchaseAt: '2026-01-03T10:00:00.000Z', orders: 1 },
    });
  });

  it("writes nothing from a batch holding an erased customer's personal data", async () => {
    // Prepare: a customer erased
    expect((await call('PUT', '/v1/customers/gone-1', { email: 'gone@example.com' })).status).toBe(201);
    expect((await call('DELETE', '/v1/customers/gone-1')).status).toBe(204);

    // Act: a batch with a new customer and the erased one's email again
    const batch = await call('POST', '/v1/customers/batch', {
      customers: [
        { customerId: 'fresh-1', email: 'fresh@example.com' },
        { customerId: 'gone-1', email: 'gone@example.com' },
      ],
    });

    // Assess: refused whole, the new customer not written either
    expect(batch.status).toBe(422);
    expect(batch.body.errors).toEqual([
      { pointer: '/customers/1', index: 1, reasons: [expect.stringMatching(/^customer was erased on /)] },
    ]);
    expect((await call('GET', '/v1/customers/fresh-1')).status).toBe(404);
  });

  it('writes nothing from a batch with one bad item, and says which item and why', async () => {
    // Act
    const customers = await call('POST', '/v1/customers/batch', {
      customers: [
        { customerId: 'ok-1', email: 'ok@example.com' },
        { customerId: 'bad-1', phone: '12345' },
      ],
    });
    const orders = await call('POST', '/v1/orders/batch', {
      orders: [
        { orderId: 'x-1', customerId: 'bob-1', orderedAt: '2026-03-01', amount: 5 },
        { orderId: 'x-2', customerId: 'ghost', orderedAt: '2026-03-01', amount: 5 },
      ],
    });

    // Assess
    expect(customers.status).toBe(422);
    expect(customers.body.errors).toEqual([
      { pointer: '/customers/1', index: 1, reasons: [expect.stringMatching(/^phone: '12345'/)] },
    ]);
    expect((await call('GET', '/v1/customers/ok-1')).status).toBe(404);
    expect(orders.status).toBe(422);
    expect(orders.body.errors[0]).toMatchObject({
      index: 1,
      reasons: [expect.stringMatching(/customer ghost is unknown/)],
    });
    expect((await call('GET', '/v1/customers/bob-1')).body.purchases.orders).toBe(2);
  });

  it.each([
    ['malformed JSON', '{"email": ', 'application/json', 400, /not valid JSON/],
    ['a JSON array', '[]', 'application/json', 400, /must be a JSON object/],
    [
      'a __proto__ key',
      '{"__proto__": {"admin": true}}',
      'application/json',
      400,
      /'__proto__' is not allowed/,
    ],
    ['form data', 'email=a', 'application/x-www-form-urlencoded', 415, /application\/json/],
    ['an unknown field', '{"isAdmin": true}', 'application/json', 422, /./],
    ['a wrong type', '{"consent": {"email": "yes"}}', 'application/json', 422, /./],
    [
      'CR/LF and bidi controls in a name',
      '{"firstName": "Ann\\r\\nBcc: x\\u202e"}',
      'application/json',
      422,
      /./,
    ],
    [
      'a 2 MB body',
      JSON.stringify({ firstName: 'a'.repeat(2_000_000) }),
      'application/json',
      413,
      /larger than/,
    ],
  ])('answers %s with %i problem+json and stores nothing', async (_case, body, type, status, detail) => {
    const r = await call('PUT', '/v1/customers/fuzz-1', body, { 'content-type': type });
    expect(r.status).toBe(status);
    expect(r.type).toBe('application/problem+json');
    expect(r.body.detail ?? JSON.stringify(r.body.errors)).toMatch(detail);
    expect((await call('GET', '/v1/customers/fuzz-1')).status).toBe(404);
  });

  it('refuses an oversized batch and unknown routes and methods with 4xx', async () => {
    const tooMany = await call('POST', '/v1/orders/batch', {
      orders: Array.from({ length: 501 }, () => ({})),
    });
    const route = await call('GET', '/v1/nothing-here');
    const method = await call('PATCH', '/v1/customers/x', {});
    expect(tooMany.status).toBe(400);
    expect(route.status).toBe(404);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('PUT, GET, DELETE');
  });
});
