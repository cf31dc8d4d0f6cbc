/**
 * POST /v1/events: a customer's response reported by the shop or a channel — a click, a reply,
 * an unsubscribe, a complaint, an SMS opt-out, or a survey answer (why they left, kept for the
 * campaign's report). It ends the customer's journeys at once. (Purchases arrive as orders
 * through POST /v1/orders/batch.)
 */

import { journeyEnding } from '../composition/journey-ending.js';
import { validate } from '../domain/validation.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { HttpProblem, httpHandler, json, readJsonBody } from '../shared/http.js';
import { withIdempotencyKey } from '../shared/idempotency-key.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { recordResponse, recordSurveyAnswer, responseEventSchema } from '../use-cases/record-responses.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.recordEvent, (env) => {
  const deps = journeyEnding(createDynamoClient(), env);
  return httpHandler(
    withIdempotencyKey(env.IDEMPOTENCY_TABLE, async (event) => {
      const parsed = validate(responseEventSchema, readJsonBody(event));
      if (!parsed.ok) throw new HttpProblem(400, 'Invalid event', parsed.reasons.join('; '));
      const reported = parsed.value;
      if (reported.type === 'survey') {
        const outcome = await recordSurveyAnswer(deps, reported);
        if (!outcome)
          throw new HttpProblem(
            404,
            'Not Found',
            `customer ${reported.customerId} has no journey in campaign ${reported.campaignId}`,
          );
        return json(200, outcome);
      }
      return json(200, await recordResponse(deps, { customerId: reported.customerId, kind: reported.type }));
    }),
  );
});
