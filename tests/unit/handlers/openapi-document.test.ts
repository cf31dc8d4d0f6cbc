/** The OpenAPI document against the route list the CDK API and the local API are built from. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { API_OPERATIONS, openApiDocument } from '../../../functions/handlers/openapi-document.js';
import { API_ROUTES } from '../../../lib/api-routes.js';

const doc = openApiDocument('https://api.example/prod') as {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
};
const operation = (path: string, method: string) => doc.paths[path]?.[method] as Record<string, never>;
const bodySchema = (path: string, method: string) =>
  (
    operation(path, method).requestBody as unknown as {
      content: Record<string, { schema: Record<string, unknown> }>;
    }
  ).content['application/json']?.schema as Record<string, unknown>;

describe('OpenAPI document', () => {
  it('describes exactly the routes the API serves, the public links without credentials', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of API_ROUTES) {
      const op = operation(route.path, route.method.toLowerCase());
      expect(op.security === undefined).toBe(!route.public);
    }
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe('https://api.example/prod');
  });

  it('gives request bodies the schemas the handlers validate with: required fields, limits, no unknown fields', () => {
    const campaign = bodySchema('/v1/campaigns', 'post');
    expect(campaign.additionalProperties).toBe(false);
    expect(campaign.required).toEqual(expect.arrayContaining(['campaignId', 'name', 'email', 'sms']));
    const orders = bodySchema('/v1/orders/batch', 'post') as { properties: { orders: { maxItems: number } } };
    expect(orders.properties.orders.maxItems).toBe(500);
    const event = bodySchema('/v1/events', 'post') as {
      oneOf: { properties: { type: { enum?: string[]; const?: string } }; required: string[] }[];
    };
    expect(event.oneOf[0]?.properties.type.enum).toEqual([
      'click',
      'reply',
      'unsubscribe',
      'complaint',
      'sms-opt-out',
    ]);
    expect(event.oneOf[1]?.properties.type.const).toBe('survey');
    expect(event.oneOf[1]?.required).toEqual(expect.arrayContaining(['campaignId', 'answer']));
    const filters = (
      operation('/v1/call-tasks', 'get').parameters as unknown as { name: string; in: string }[]
    )
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
    expect(filters).toEqual(['status', 'assignee', 'dueBefore']);
  });

  it("validates as OpenAPI 3.1 against the specification's own JSON schema", async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every status an operation answers, the Idempotency-Key of keyed POSTs and the rule of each id', () => {
    const statuses = (path: string, method: string) =>
      Object.keys(operation(path, method).responses as unknown as Record<string, unknown>).map(Number);
    const parameters = (path: string, method: string) =>
      (operation(path, method).parameters ?? []) as unknown as {
        name: string;
        in: string;
        schema: Record<string, unknown>;
      }[];
    // Created or updated; accepted in the background; the caller's own key conflicts.
    expect(statuses('/v1/customers/{customerId}', 'put')).toEqual(
      expect.arrayContaining([200, 201, 400, 413, 415, 422]),
    );
    expect(statuses('/v1/campaigns/{campaignId}/{action}', 'post')).toEqual(
      expect.arrayContaining([200, 202, 409, 422]),
    );
    expect(statuses('/v1/events', 'post')).toEqual(expect.arrayContaining([404, 409, 422]));
    for (const [path, method] of [
      ['/v1/customers/batch', 'post'],
      ['/v1/orders/batch', 'post'],
      ['/v1/events', 'post'],
      ['/v1/campaigns', 'post'],
      ['/v1/campaigns/{campaignId}/{action}', 'post'],
      ['/v1/call-tasks/{taskId}/{action}', 'post'],
    ] as const)
      expect(parameters(path, method).find((p) => p.in === 'header')?.name).toBe('Idempotency-Key');
    // The preview writes nothing, the public links take no credentials: neither takes a key.
    expect(parameters('/v1/campaigns/{campaignId}/preview', 'post').some((p) => p.in === 'header')).toBe(
      false,
    );
    expect(parameters('/u/{sendId}', 'post').some((p) => p.in === 'header')).toBe(false);
    const customerId = parameters('/v1/customers/{customerId}', 'get')[0]?.schema as { pattern: string };
    expect(new RegExp(customerId.pattern).test('shop-42')).toBe(true);
    expect(new RegExp(customerId.pattern).test('x'.repeat(129))).toBe(false);
    expect(parameters('/v1/campaigns/{campaignId}/{action}', 'post')[1]?.schema.enum).toEqual([
      'start',
      'pause',
      'resume',
      'cancel',
    ]);
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) expect(op.operationId).toMatch(/^(get|put|post|delete)[A-Z]\w+$/);
  });

  it('gives every request body an example the handlers accept', () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const body = (op.requestBody as { content?: Record<string, { example?: unknown }> } | undefined)
          ?.content?.['application/json'];
        if (!body) continue;
        const schema = API_OPERATIONS[path]?.[method as 'post']?.body;
        expect(body.example, `${method} ${path}`).toBeDefined();
        expect(schema?.safeParse(body.example).error?.issues ?? [], `${method} ${path}`).toEqual([]);
      }
  });

  it('gives every answer schema an example that matches it', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const components = (
      doc as unknown as { components: { schemas: Record<string, { examples?: unknown[] }> } }
    ).components;
    ajv.addSchema({ $id: 'doc', components } as never);
    for (const [name, schema] of Object.entries(components.schemas)) {
      expect(schema.examples, name).toHaveLength(1);
      const validate = ajv.compile({ $ref: `doc#/components/schemas/${name}` });
      expect(validate(schema.examples?.[0]), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });
});
