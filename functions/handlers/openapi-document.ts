/**
 * The API's OpenAPI 3.1 document, built from the same zod schemas the handlers validate with
 * (`z.toJSONSchema`, input side: defaults shown, optional fields optional), so the document cannot
 * drift from what a request is checked against. Served at `GET /v1/openapi.json`; a test holds
 * it to the route list the CDK and the local API are built from.
 */
import * as z from 'zod';
import { customerInputSchema } from '../domain/customer-input.js';
import {
  callOutcomeSchema,
  callTaskAssignmentSchema,
  callTaskFilterSchema,
} from '../domain/journey/call-outcome.js';
import { orderInputSchema } from '../domain/order.js';
import { CAMPAIGN_ACTIONS, campaignDefinitionSchema } from '../use-cases/manage-campaigns.js';
import { responseEventSchema } from '../use-cases/record-responses.js';
import { MAX_BATCH_ITEMS } from './batch-results.js';

type Method = 'get' | 'put' | 'post' | 'delete';

interface Operation {
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Query parameters, from an object schema. */
  query?: z.ZodObject;
  /** Success status and what it returns. */
  ok: [number, string];
  /** Error statuses this operation answers besides 401/403/500. */
  errors?: number[];
  /** Opened by customers from a message: no credentials. */
  public?: true;
}

const batch = (field: string, item: z.ZodType) =>
  z.strictObject({ [field]: z.array(item).min(1).max(MAX_BATCH_ITEMS) });

export const API_OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/v1/customers/{customerId}': {
    put: {
      summary: 'Create or replace a customer profile',
      tag: 'Customers',
      body: customerInputSchema.partial({ customerId: true }),
      ok: [200, 'the stored customer (201 when created)'],
      errors: [400, 413, 415, 422],
    },
    get: {
      summary: 'A customer: profile, purchase statistics, latest scores',
      tag: 'Customers',
      ok: [200, 'the customer'],
      errors: [404],
    },
    delete: {
      summary: 'Erase personal data (anonymous statistics stay for reports)',
      tag: 'Customers',
      ok: [204, 'erased'],
      errors: [404],
    },
  },
  '/v1/customers/batch': {
    post: {
      summary: 'Create or replace up to 500 profiles, all or nothing',
      tag: 'Customers',
      body: batch('customers', customerInputSchema),
      ok: [200, 'a summary and one result per item'],
      errors: [400, 413, 415, 422],
    },
  },
  '/v1/orders/batch': {
    post: {
      summary: 'Record up to 500 orders, each counted once; a purchase ends the customer’s journeys',
      tag: 'Orders',
      body: batch('orders', orderInputSchema),
      ok: [200, 'a summary and one result per item'],
      errors: [400, 413, 415, 422],
    },
  },
  '/v1/events': {
    post: {
      summary: 'A customer responded (click, reply, unsubscribe, complaint, SMS opt-out): their journeys end',
      tag: 'Responses',
      body: responseEventSchema,
      ok: [200, 'the campaigns whose journey ended'],
      errors: [400, 415],
    },
  },
  '/v1/campaigns': {
    post: {
      summary: 'Create a draft campaign (templates checked now, not at send time)',
      tag: 'Campaigns',
      body: campaignDefinitionSchema,
      ok: [201, 'the draft'],
      errors: [400, 409, 415],
    },
    get: { summary: 'Every campaign, newest first', tag: 'Campaigns', ok: [200, 'the campaigns'] },
  },
  '/v1/campaigns/{campaignId}': {
    get: {
      summary: 'A campaign, with its launch summary and email statistics',
      tag: 'Campaigns',
      ok: [200, 'the campaign'],
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}/preview': {
    post: {
      summary:
        'A dry run: audience by segment, exclusions and skipped channels by reason, first-email days, sample customers with their planned timeline and rendered messages',
      tag: 'Campaigns',
      ok: [200, 'the preview'],
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}/report': {
    get: {
      summary:
        'The report: per step, responses, reactivation of the contacted against the control group with 95 % intervals, lift, revenue, cost, ROI, call outcomes',
      tag: 'Campaigns',
      ok: [200, 'the report'],
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}/{action}': {
    post: {
      summary: `Act on a campaign: ${CAMPAIGN_ACTIONS.join(', ')} (start and cancel answer 202 and go on in the background)`,
      tag: 'Campaigns',
      ok: [200, 'the campaign after the action'],
      errors: [404, 409],
    },
  },
  '/v1/call-tasks': {
    get: {
      summary: 'The managers’ call tasks by due time',
      tag: 'Call tasks',
      query: callTaskFilterSchema,
      ok: [200, 'the tasks'],
      errors: [400],
    },
  },
  '/v1/call-tasks/{taskId}/{action}': {
    post: {
      summary: 'assign: give the task to a manager; outcome: close it with what the call brought',
      tag: 'Call tasks',
      body: z.union([callTaskAssignmentSchema, callOutcomeSchema]),
      ok: [200, 'the task'],
      errors: [400, 404, 409],
    },
  },
  '/v1/openapi.json': {
    get: { summary: 'This document', tag: 'Meta', ok: [200, 'the OpenAPI 3.1 document'] },
  },
  '/l/{sendId}': {
    get: {
      summary: 'The tracked link of a message: records the click, then on to the landing page',
      tag: 'Links in messages',
      ok: [302, 'to the campaign’s landing page (200 with a page when it has none)'],
      errors: [404, 410],
      public: true,
    },
  },
  '/u/{sendId}': {
    get: {
      summary: 'The unsubscribe page (a GET never unsubscribes)',
      tag: 'Links in messages',
      ok: [200, 'a page with an Unsubscribe button'],
      errors: [404],
      public: true,
    },
    post: {
      summary: 'RFC 8058 one-click unsubscribe; idempotent',
      tag: 'Links in messages',
      ok: [200, 'a confirmation page'],
      errors: [404],
      public: true,
    },
  },
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

const problem = { $ref: '#/components/responses/Problem' };

/** The document for a server base URL (the API stage's). */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operations] of Object.entries(API_OPERATIONS)) {
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: m[1] === 'action' ? { type: 'string' } : { type: 'string', maxLength: 128 },
    }));
    paths[path] = {};
    for (const [method, op] of Object.entries(operations) as [Method, Operation][]) {
      const query = op.query
        ? Object.entries(jsonSchema(op.query).properties as Record<string, unknown>).map(
            ([name, schema]) => ({
              name,
              in: 'query',
              required: false,
              schema,
            }),
          )
        : [];
      (paths[path] as Record<string, unknown>)[method] = {
        summary: op.summary,
        tags: [op.tag],
        ...(op.public ? { security: [] } : {}),
        ...(parameters.length || query.length ? { parameters: [...parameters, ...query] } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: jsonSchema(op.body) } },
              },
            }
          : {}),
        responses: {
          [op.ok[0]]: { description: op.ok[1] },
          ...Object.fromEntries(
            [...(op.errors ?? []), ...(op.public ? [] : [401, 403]), 500].map((s) => [s, problem]),
          ),
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'reactivate',
      version: '1',
      description:
        'Scheduled customer reactivation (win-back) campaigns: customers and orders, campaigns, responses, call tasks.',
    },
    servers: [{ url: serverUrl }],
    security: [{ sigv4: [] }, { cognito: [] }, { bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS Signature Version 4 (the default in AWS)',
        },
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'a Cognito user pool token, when configured',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'the local stack’s token' },
      },
      responses: {
        Problem: {
          description: 'RFC 9457 problem details',
          content: {
            'application/problem+json': {
              schema: {
                type: 'object',
                required: ['type', 'title', 'status', 'detail'],
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  detail: { type: 'string' },
                  instance: { type: 'string' },
                  errors: { type: 'array' },
                },
              },
            },
          },
        },
      },
    },
  };
}
