/** How a handler's failures reach the caller: a problem it caused, a store too busy, or a fault of ours. */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpProblem, httpHandler } from '../../../functions/shared/http.js';
import { callerOf } from '../../../functions/shared/idempotency-key.js';

const event = {
  resource: '/v1/x',
  httpMethod: 'POST',
  requestContext: { requestId: 'r-1' },
} as APIGatewayProxyEvent;
const failing = (error: unknown) => httpHandler(() => Promise.reject(error));

describe('httpHandler', () => {
  it('answers a store busy past its retries with 503 and Retry-After: the same request again will do', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    const unavailable = Object.assign(new Error('Service Unavailable'), {
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });

    // Powertools idempotency wraps the store's error; our batch helpers end in their own after retries.
    const wrapped = Object.assign(new Error('Failed to update record'), { cause: throttled });
    const unprocessed = Object.assign(new Error('3 items left'), { name: 'UnprocessedItemsError' });

    for (const error of [throttled, unavailable, wrapped, unprocessed]) {
      const answer = await failing(error)(event);
      expect(answer.statusCode).toBe(503);
      expect(answer.headers?.['retry-after']).toBe('1');
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 503,
        type: 'urn:reactivate:problem:unavailable',
      });
    }
  });

  it("answers the caller's own problem with its status, and anything else with 500", async () => {
    const problem = await failing(new HttpProblem(422, 'Unprocessable Content', 'no'))(event);
    const fault = await failing(new TypeError('x is undefined'))(event);

    expect(problem.statusCode).toBe(422);
    expect(fault.statusCode).toBe(500);
    expect(JSON.parse(fault.body)).toMatchObject({ instance: 'urn:request:r-1' });
  });

  it("scopes Idempotency-Keys by principal: a role, whatever its session's name; a Cognito user", () => {
    const withIdentity = (userArn: string) =>
      ({
        ...event,
        requestContext: { ...event.requestContext, identity: { userArn } },
      }) as APIGatewayProxyEvent;
    const first = callerOf(
      withIdentity('arn:aws:sts::123456789012:assumed-role/shop-sync/aws-sdk-js-1733500000'),
    );
    const refreshed = callerOf(
      withIdentity('arn:aws:sts::123456789012:assumed-role/shop-sync/aws-sdk-js-1733503600'),
    );
    const other = callerOf(withIdentity('arn:aws:sts::123456789012:assumed-role/crm/aws-sdk-js-1733500000'));
    const user = callerOf(withIdentity('arn:aws:iam::123456789012:user/ana'));
    const cognito = callerOf({
      ...event,
      requestContext: { ...event.requestContext, authorizer: { claims: { sub: 'u-1' } } },
    } as unknown as APIGatewayProxyEvent);

    expect(first).toBe('arn:aws:iam::123456789012:role/shop-sync');
    expect(refreshed).toBe(first);
    expect(other).not.toBe(first);
    expect(user).toBe('arn:aws:iam::123456789012:user/ana');
    expect(cognito).toBe('cognito:u-1');
  });
});
