/** The OpenAPI document against the route list the CDK API and the local API are built from. */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/handlers/openapi-document.js';
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
});
