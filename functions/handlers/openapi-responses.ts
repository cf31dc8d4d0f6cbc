/**
 * The bodies of the API's successful answers, as JSON Schema, for the OpenAPI document. The
 * handlers build them from the use cases' types; the contract tests (tests/contract) hold every
 * answer of the local API to these schemas, so they cannot drift from what is sent.
 */
import { CAMPAIGN_STATUSES } from '../domain/journey/campaign.js';

type Schema = Record<string, unknown>;

const string = { type: 'string' };
const dateTime = { type: 'string', format: 'date-time' };
const integer = { type: 'integer', minimum: 0 };
const object = (required: string[], properties: Record<string, Schema>, open = true): Schema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: open,
});
const nullable = (schema: Schema) => ({ oneOf: [schema, { type: 'null' }] });

const customer = object(['customerId', 'status', 'consent', 'purchases', 'scores'], {
  customerId: string,
  status: { enum: ['active', 'erased'] },
  email: string,
  phone: string,
  firstName: string,
  timeZone: string,
  locale: string,
  consent: object(['email', 'sms'], { email: { type: 'boolean' }, sms: { type: 'boolean' } }),
  attributes: { type: 'object' },
  purchases: nullable(object(['orders'], { orders: integer, spend: { type: 'number' } })),
  scores: nullable({ type: 'object' }),
});

const campaign = object(['campaignId', 'name', 'status', 'createdAt', 'updatedAt'], {
  campaignId: string,
  name: string,
  status: { enum: [...CAMPAIGN_STATUSES] },
  createdAt: dateTime,
  updatedAt: dateTime,
  launch: { type: 'object' },
  emailStats: { type: 'object' },
  report: { type: 'object' },
  runFailure: object(['run', 'reason', 'at'], {
    run: { enum: ['launch', 'cancel'] },
    reason: string,
    at: dateTime,
  }),
});

const callTask = object(['taskId', 'campaignId', 'customerId', 'status', 'dueAt', 'createdAt', 'context'], {
  taskId: string,
  campaignId: string,
  customerId: string,
  status: { enum: ['open', 'done', 'cancelled'] },
  dueAt: dateTime,
  createdAt: dateTime,
  context: { type: 'object' },
  assignee: string,
  outcome: { type: 'object' },
});

const batchResult = object(['summary', 'results'], {
  summary: { type: 'object', additionalProperties: integer },
  results: {
    type: 'array',
    items: object(['index', 'status'], { index: integer, status: string }),
  },
});

/** The reusable schemas (`components.schemas`). */
export const RESPONSE_SCHEMAS: Record<string, Schema> = {
  Customer: customer,
  Campaign: campaign,
  CallTask: callTask,
  BatchResult: batchResult,
  CampaignList: object(['campaigns'], {
    campaigns: { type: 'array', items: { $ref: '#/components/schemas/Campaign' } },
  }),
  CallTaskList: object(['tasks'], {
    tasks: { type: 'array', items: { $ref: '#/components/schemas/CallTask' } },
  }),
  ResponseOutcome: object(['customerId', 'ended'], {
    customerId: string,
    ended: { type: 'array', items: string },
  }),
  Preview: object(['campaignId', 'generatedAt', 'audience', 'channels'], {
    campaignId: string,
    generatedAt: dateTime,
    audience: object(['scanned', 'selected', 'heldOut', 'reached'], {
      scanned: integer,
      selected: integer,
      heldOut: integer,
      reached: integer,
    }),
    channels: object(['email', 'sms', 'callOnly'], { email: integer, sms: integer, callOnly: integer }),
  }),
  Report: object(['campaignId', 'status', 'generatedAt', 'builtBy', 'journeys', 'steps'], {
    campaignId: string,
    status: { enum: [...CAMPAIGN_STATUSES] },
    generatedAt: dateTime,
    builtBy: { enum: ['request', 'campaign run'] },
    journeys: { type: 'object' },
    steps: { type: 'object' },
  }),
};

export const ref = (name: keyof typeof RESPONSE_SCHEMAS & string) => ({
  $ref: `#/components/schemas/${name}`,
});
