/**
 * POST /v1/events: a customer's response reported by the shop or a channel — a click, a reply,
 * an unsubscribe, a complaint, an SMS opt-out. It ends the customer's journeys at once.
 * (Purchases arrive as orders through POST /v1/orders/batch.)
 */
import { z } from 'zod';
import { customerIdSchema } from '../domain/customer.js';
import { validate } from '../domain/validation.js';
import { HttpProblem, httpHandler, json, readJsonBody } from '../shared/http.js';
import { RESPONSE_KINDS, recordResponse } from '../use-cases/record-responses.js';
import { responseContext } from './composition.js';

const deps = responseContext();

const eventSchema = z.strictObject({
  customerId: customerIdSchema,
  type: z.enum(RESPONSE_KINDS.filter((k) => k !== 'purchase') as [string, ...string[]]),
});

export const handler = httpHandler(async (event) => {
  const parsed = validate(eventSchema, readJsonBody(event));
  if (!parsed.ok) throw new HttpProblem(400, 'Invalid event', parsed.reasons.join('; '));
  if (!deps) throw new Error('this function was not given the journeys it must end');
  const outcome = await recordResponse(deps, {
    customerId: parsed.value.customerId,
    kind: parsed.value.type as (typeof RESPONSE_KINDS)[number],
  });
  return json(200, outcome);
});
