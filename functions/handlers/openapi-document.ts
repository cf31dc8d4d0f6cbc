/**
 * The API's OpenAPI 3.1 document, built from the same zod schemas the handlers validate with
 * (`z.toJSONSchema`, input side: defaults shown, optional fields optional), so the document cannot
 * drift from what a request is checked against. Served at `GET /v1/openapi.json`; a test holds
 * it to the route list the CDK and the local API are built from.
 */
import * as z from 'zod';
import { CUSTOMER_ID_PATTERN } from '../domain/customer.js';
import { customerInputSchema } from '../domain/customer-input.js';
import {
  callOutcomeSchema,
  callTaskAssignmentSchema,
  callTaskFilterSchema,
} from '../domain/journey/call-outcome.js';
import { LEAVING_REASONS } from '../domain/journey/call-results.js';
import { CAMPAIGN_ID_PATTERN } from '../domain/journey/campaign.js';
import { POOL_ID_PATTERN } from '../domain/journey/offer-codes.js';
import { orderInputSchema } from '../domain/order.js';
import { codePoolUploadSchema } from '../use-cases/code-pools.js';
import {
  CAMPAIGN_ACTIONS,
  campaignDefinitionObject,
  campaignDefinitionSchema,
} from '../use-cases/manage-campaigns.js';
import { responseEventSchema } from '../use-cases/record-responses.js';
import { MAX_BATCH_ITEMS } from './batch-results.js';
import { RESPONSE_SCHEMAS, ref } from './openapi-responses.js';

type Method = 'get' | 'put' | 'post' | 'delete';

interface Operation {
  summary: string;
  tag: string;
  body?: z.ZodType;
  /** Query parameters, from an object schema. */
  query?: z.ZodObject;
  /** Success status and what it returns. */
  ok: [number, string];
  /** The schema of a successful answer's JSON body (openapi-responses.ts); none: no JSON body. */
  returns?: keyof typeof RESPONSE_SCHEMAS;
  /** A page for people (the links in messages) instead of JSON. */
  html?: true;
  /** Other success statuses it may answer, and when. */
  alsoOk?: [number, string][];
  /** Error statuses this operation answers besides those every route may (see `errorsOf`). */
  errors?: number[];
  /** Opened by customers from a message: no credentials. */
  public?: true;
  /** Takes If-Match: the write is refused (412) when the stored version changed since it was read. */
  conditional?: true;
  /** Writes nothing: an Idempotency-Key is not looked at. */
  safe?: true;
  /** A request body that works, for the document's readers and generated clients. */
  example?: unknown;
}

const batch = (field: string, item: z.ZodType) =>
  z.strictObject({ [field]: z.array(item).min(1).max(MAX_BATCH_ITEMS) });

export const API_OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  '/v1/customers/{customerId}': {
    put: {
      summary: 'Create or replace a customer profile',
      tag: 'Customers',
      body: customerInputSchema.partial({ customerId: true }),
      example: {
        email: 'ana@example.com',
        phone: '+14155552671',
        firstName: 'Ana',
        timeZone: 'America/Los_Angeles',
        locale: 'en-US',
        consent: { email: true, sms: true },
        attributes: { tier: 'gold', visits: 12 },
      },
      ok: [200, 'the stored customer, updated'],
      returns: 'Customer',
      alsoOk: [[201, 'the stored customer, created']],
      errors: [422],
    },
    get: {
      summary: 'A customer: profile, purchase statistics, latest scores',
      tag: 'Customers',
      ok: [200, 'the customer'],
      returns: 'Customer',
      errors: [404],
    },
    delete: {
      summary: 'Erase personal data (anonymous statistics stay for reports)',
      tag: 'Customers',
      ok: [204, 'erased'],
      errors: [404],
    },
  },
  '/v1/customers/{customerId}/timeline': {
    get: {
      summary:
        "A customer's journeys in every campaign (steps, outcomes, how each ended) and P(alive) over time without a purchase",
      tag: 'Customers',
      ok: [200, 'the timeline'],
      returns: 'CustomerTimeline',
      errors: [404],
    },
  },
  '/v1/customers/batch': {
    post: {
      summary: 'Create or replace up to 500 profiles, all or nothing',
      tag: 'Customers',
      body: batch('customers', customerInputSchema),
      example: {
        customers: [
          { customerId: 'c-1001', email: 'ana@example.com', consent: { email: true, sms: false } },
          {
            customerId: 'c-1002',
            phone: '+447911123456',
            timeZone: 'Europe/London',
            consent: { email: false, sms: true },
          },
        ],
      },
      ok: [200, 'a summary and one result per item'],
      returns: 'BatchResult',
      errors: [422],
    },
  },
  '/v1/orders/batch': {
    post: {
      summary: 'Record up to 500 orders, each counted once; a purchase ends the customer’s journeys',
      tag: 'Orders',
      body: batch('orders', orderInputSchema),
      example: {
        orders: [
          {
            orderId: 'o-5001',
            customerId: 'c-1001',
            orderedAt: '2026-03-01T18:30:00-08:00',
            amount: 42.5,
            currency: 'USD',
            categories: ['tea'],
          },
          {
            orderId: 'o-5002',
            customerId: 'c-1002',
            orderedAt: '2026-03-02',
            amount: 19.9,
            currency: 'GBP',
            status: 'returned',
          },
        ],
      },
      ok: [200, 'a summary and one result per item'],
      returns: 'BatchResult',
      errors: [422],
    },
  },
  '/v1/events': {
    post: {
      summary: 'A customer responded (click, reply, unsubscribe, complaint, SMS opt-out): their journeys end',
      tag: 'Responses',
      body: responseEventSchema,
      example: { customerId: 'c-1001', type: 'reply' },
      ok: [200, 'the campaigns whose journey ended (a survey answer: where it was kept)'],
      returns: 'ResponseOutcome',
      errors: [404],
    },
  },
  '/v1/campaigns': {
    post: {
      summary: 'Create a draft campaign (templates checked now, not at send time)',
      tag: 'Campaigns',
      body: campaignDefinitionSchema,
      example: {
        campaignId: 'spring-winback',
        name: 'Spring win-back',
        leadDays: 7,
        holdoutPercent: 10,
        email: {
          subject: 'We miss you, {{firstName}}',
          html: '<p>Hello {{firstName}}, here is 15 % off your next order.</p>',
          text: 'Hello {{firstName}}, here is 15 % off your next order.',
        },
        sms: { text: 'We miss you: 15 % off this week.' },
      },
      ok: [201, 'the draft'],
      returns: 'Campaign',
      errors: [409],
    },
    get: {
      summary: 'Every campaign, newest first',
      tag: 'Campaigns',
      ok: [200, 'the campaigns'],
      returns: 'CampaignList',
    },
  },
  '/v1/scoring-model': {
    get: {
      summary:
        'The current scoring model: parameters, warnings, customers scored, and its backtest (AUC against recency with 95 % intervals, holdout error, calibration by frequency, tracking curve) and its P(alive) matrix by frequency and recency',
      tag: 'Scoring',
      ok: [200, 'the model'],
      returns: 'ScoringModel',
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}': {
    put: {
      summary:
        'Replace a draft\'s definition (checked as at creation; a started campaign is a 409). With If-Match: "<updatedAt>" of the draft read, an edit made since is a 412',
      tag: 'Campaigns',
      body: campaignDefinitionObject.partial({ campaignId: true }),
      example: {
        name: 'Spring win-back',
        leadDays: 5,
        holdoutPercent: 15,
        email: {
          subject: '{{firstName}}, we kept something for you',
          html: '<p>Hello {{firstName}}, here is {{offer}}.</p>',
          text: 'Hello {{firstName}}, here is {{offer}}.',
        },
        sms: { text: '{{offer}} with code {{offerCode}}' },
      },
      ok: [200, 'the draft'],
      returns: 'Campaign',
      errors: [400, 404, 409, 412],
      conditional: true,
    },
    get: {
      summary: 'A campaign, with its launch summary and email statistics',
      tag: 'Campaigns',
      ok: [200, 'the campaign'],
      returns: 'Campaign',
      errors: [404],
    },
  },
  '/v1/code-pools/{poolId}': {
    put: {
      summary:
        'Upload a pool of personal offer codes: the CSV a shop platform exported (header row; the code column is `column` or the first named code, discount code, coupon code, …) with the last day the codes are valid. All or nothing: bad lines are a 422 naming each line. A pool is never replaced (409): upload new codes as a new pool',
      tag: 'Campaigns',
      body: codePoolUploadSchema,
      example: {
        name: 'Spring 2027, 20 % off',
        expiresOn: '2027-04-30',
        csv: 'Code\nSPRING-7KQ2M9\nSPRING-X3HD8P\n',
      },
      ok: [201, 'the pool, stored whole'],
      returns: 'CodePool',
      errors: [409, 422],
    },
    get: {
      summary: 'A pool of offer codes: its size, expiry, and how many codes journeys have claimed',
      tag: 'Campaigns',
      ok: [200, 'the pool'],
      returns: 'CodePool',
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}/preview': {
    post: {
      summary:
        'A dry run: audience by segment, exclusions and skipped channels by reason, first-email days, sample customers with their planned timeline and rendered messages',
      tag: 'Campaigns',
      ok: [200, 'the preview'],
      returns: 'Preview',
      errors: [404],
      safe: true,
    },
  },
  '/v1/campaigns/{campaignId}/report': {
    get: {
      summary:
        'The report: per step, responses, reactivation of the contacted against the control group with 95 % intervals, lift, revenue, cost, ROI, call outcomes',
      tag: 'Campaigns',
      ok: [200, 'the report'],
      returns: 'Report',
      errors: [404],
    },
  },
  '/v1/campaigns/{campaignId}/{action}': {
    post: {
      summary: `Act on a campaign: ${CAMPAIGN_ACTIONS.join(', ')} (start and cancel answer 202 and go on in the background)`,
      tag: 'Campaigns',
      ok: [200, 'the campaign after a pause or resume'],
      returns: 'Campaign',
      alsoOk: [
        [202, 'the campaign after start or cancel: the launch or the ending goes on in the background'],
      ],
      errors: [404, 409],
    },
  },
  '/v1/call-tasks': {
    get: {
      summary: 'The managers’ call tasks by due time',
      tag: 'Call tasks',
      query: callTaskFilterSchema,
      ok: [200, 'the tasks'],
      returns: 'CallTaskList',
    },
  },
  '/v1/call-tasks/{taskId}/{action}': {
    post: {
      summary:
        'assign: give the task to a manager (409 for the customer’s previous contact unless allowPreviousContact); outcome: close it with what the call brought',
      tag: 'Call tasks',
      body: z.union([callTaskAssignmentSchema, callOutcomeSchema]),
      example: { assignee: 'm-7' },
      ok: [200, 'the task'],
      returns: 'CallTask',
      errors: [404, 409],
    },
  },
  '/v1/openapi.json': {
    get: { summary: 'This document', tag: 'Meta', ok: [200, 'the OpenAPI 3.1 document'] },
  },
  '/l/{sendId}': {
    get: {
      summary: 'The tracked link of a message: records the click, then on to the landing page',
      tag: 'Links in messages',
      ok: [302, 'to the campaign’s landing page'],
      alsoOk: [[200, 'a thank-you page, when the campaign has no landing page']],
      html: true,
      errors: [404, 410],
      public: true,
    },
  },
  '/r/{sendId}/{reason}': {
    get: {
      summary:
        "A reason for leaving clicked in an email: the answer, kept with the send (ends the customer's journeys, or switches the journey's offer when the campaign answers that reason with one); 'other' shows a page asking for the customer's words",
      tag: 'Links in messages',
      ok: [200, 'a thank-you page (for other: a page with a form)'],
      html: true,
      errors: [404, 410],
      public: true,
    },
    post: {
      summary: "The form of the 'other' page (note=…, URL-encoded): the answer in the customer's own words",
      tag: 'Links in messages',
      ok: [200, 'a thank-you page'],
      html: true,
      errors: [404, 410, 413],
      public: true,
    },
  },
  '/u/{sendId}': {
    get: {
      summary: 'The unsubscribe page (a GET never unsubscribes)',
      tag: 'Links in messages',
      ok: [200, 'a page with an Unsubscribe button'],
      html: true,
      errors: [404],
      public: true,
    },
    post: {
      summary: 'RFC 8058 one-click unsubscribe; idempotent',
      tag: 'Links in messages',
      ok: [200, 'a confirmation page'],
      html: true,
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

/** What each path parameter may be: the rules the handlers check (handlers/path-rules.ts). */
const PATH_PARAMETERS: Record<string, Record<string, unknown>> = {
  customerId: { type: 'string', pattern: CUSTOMER_ID_PATTERN.source, maxLength: 128 },
  campaignId: { type: 'string', pattern: CAMPAIGN_ID_PATTERN.source, maxLength: 24 },
  poolId: { type: 'string', pattern: POOL_ID_PATTERN.source, maxLength: 48 },
  taskId: { type: 'string', pattern: '^[0-9a-zA-Z._-]{1,64}$', maxLength: 64 },
  sendId: { type: 'string', format: 'uuid' },
  reason: { type: 'string', enum: [...LEAVING_REASONS] },
};
const actionParameter = (path: string) =>
  path.startsWith('/v1/campaigns/')
    ? { type: 'string', enum: [...CAMPAIGN_ACTIONS] }
    : { type: 'string', enum: ['assign', 'outcome'] };

/**
 * The statuses any operation may answer beyond its own: a malformed request or path (400),
 * credentials (401, 403), a body too large or not JSON (413, 415), the stage's throttling (429),
 * a fault (500), and a store busy or down past its retries (503, with Retry-After).
 */
function errorsOf(path: string, op: Operation, keyed: boolean): number[] {
  const statuses = new Set(op.errors ?? []);
  if (op.body || path.includes('{') || op.query || keyed) statuses.add(400);
  if (!op.public) for (const s of [401, 403]) statuses.add(s);
  if (op.body) for (const s of [413, 415]) statuses.add(s);
  // A repeat while the first is still running (409), the same key with another body (422).
  if (keyed) for (const s of [409, 422]) statuses.add(s);
  statuses.add(429);
  statuses.add(500);
  // A store busy or unavailable past its retries: the same request later (Retry-After).
  statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Repeats within 24 hours answer what the first request answered (Idempotent-Replayed: true); the same key with another body is a 422, a repeat while the first runs a 409. Scoped to the caller, method and path.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

const IF_MATCH = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'The updatedAt of the version read, in quotes: the write is refused with 412 if the stored version has changed since (no lost edits).',
  schema: { type: 'string', maxLength: 64 },
};

/** A success answer: its JSON body's schema, a page, a redirect or nothing. */
function success(op: Operation, status: number, description: string): Record<string, unknown> {
  if (status === 204) return { description };
  if (status === 302)
    return { description, headers: { Location: { schema: { type: 'string', format: 'uri' } } } };
  if (op.html) return { description, content: { 'text/html': { schema: { type: 'string' } } } };
  const schema = op.returns ? ref(op.returns) : { type: 'object' };
  return { description, content: { 'application/json': { schema } } };
}

/** `getCustomer`, `postCampaignsAction`: a stable name per operation, for generated clients. */
const operationId = (method: string, path: string) =>
  method +
  path
    .replace(/^\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/[{}]/g, ''))
    .map(
      (part) =>
        part.charAt(0).toUpperCase() + part.slice(1).replace(/[-.](\w)/g, (_, c: string) => c.toUpperCase()),
    )
    .join('');

/** The document for a server base URL (the API stage's). */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operations] of Object.entries(API_OPERATIONS)) {
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema:
        m[1] === 'action' ? actionParameter(path) : (PATH_PARAMETERS[m[1] as string] ?? { type: 'string' }),
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
      const keyed = method === 'post' && !op.public && !op.safe;
      const all = [
        ...parameters,
        ...query,
        ...(keyed ? [IDEMPOTENCY_KEY] : []),
        ...(op.conditional ? [IF_MATCH] : []),
      ];
      (paths[path] as Record<string, unknown>)[method] = {
        operationId: operationId(method, path),
        summary: op.summary,
        tags: [op.tag],
        ...(op.public ? { security: [] } : {}),
        ...(all.length ? { parameters: all } : {}),
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': {
                    schema: jsonSchema(op.body),
                    ...(op.example === undefined ? {} : { example: op.example }),
                  },
                },
              },
            }
          : {}),
        responses: {
          ...Object.fromEntries(
            [op.ok, ...(op.alsoOk ?? [])].map(([status, description]) => [
              status,
              success(op, status, description),
            ]),
          ),
          ...Object.fromEntries(errorsOf(path, op, keyed).map((s) => [s, problem])),
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
      schemas: RESPONSE_SCHEMAS,
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
