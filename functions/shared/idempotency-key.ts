/**
 * `Idempotency-Key` on POST requests (the IETF httpapi draft, as Stripe popularised it): the same
 * key with the same body within 24 hours answers what the first request answered, without doing
 * it again (marked `Idempotent-Replayed: true`); the same key with another body is a 422; a
 * repeat while the first is still running is a 409. Requests without the header run as always.
 *
 * Powertools idempotency keeps the answers (DynamoDB, the `idempotency` table); the key is
 * scoped by caller, method and path, so one key cannot replay another route's answer, nor another
 * caller's. A request that
 * fails (a 4xx problem or a fault) keeps nothing: it did nothing, and may be sent again.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createDynamoClient } from './clients/dynamodb.js';
import { type Handle, HttpProblem, requestHeader } from './http.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const DAY_SECONDS = 86_400;

/** Answered as problem+json of type `urn:reactivate:problem:idempotency-key`. */
const keyProblem = (status: 400 | 409 | 422, detail: string) =>
  new HttpProblem(status, 'Idempotency-Key', detail, {}, 'idempotency-key');

interface KeyedRequest {
  key: string;
  body: string;
  event: APIGatewayProxyEvent;
}

/**
 * Outside Lambda (the local API) there is no invocation deadline: a request in progress counts
 * as abandoned after API Gateway's own 29-second limit.
 */
const LOCAL_CONTEXT = { getRemainingTimeInMillis: () => 29_000 } as Context;

/** `requestContext.authorizer` as the two Cognito authorisers fill it in. */
interface CognitoAuthorizerContext {
  /** Cognito's own user pool authoriser: the token's claims. */
  claims?: { sub?: string };
  /** The group authoriser (a Lambda authoriser): its context, the user's `sub` among it. */
  sub?: string;
}

/**
 * Who sent the request, as API Gateway's authorisation established it: a Cognito user's `sub`
 * (whichever Cognito authoriser checked the token: the same user is the same caller), or the IAM
 * principal. A role's principal is the role, not the session: SDKs name a new session at every
 * credential refresh (`aws-sdk-js-<time>`), and a retry after a refresh is the same caller. Keys
 * are the caller's own: the same key from two callers is two requests.
 */
export function callerOf(event: APIGatewayProxyEvent): string {
  const context = event.requestContext;
  const authorizer = context?.authorizer as CognitoAuthorizerContext | null | undefined;
  const sub = authorizer?.claims?.sub ?? authorizer?.sub;
  if (sub) return `cognito:${sub}`;
  const arn = context?.identity?.userArn ?? context?.identity?.caller ?? 'anonymous';
  // arn:aws:sts::123456789012:assumed-role/Role/session → arn:aws:iam::123456789012:role/Role
  const assumed = /^arn:([\w-]+):sts::(\d+):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : arn;
}

const idempotencyKeyOf = (event: APIGatewayProxyEvent) => requestHeader(event, 'idempotency-key');

/**
 * `handle`, answering repeats of a keyed POST from the stored first answer (kept in `table`).
 * Wrap a POST route's handle with it, inside `httpHandler`.
 */
export function withIdempotencyKey(table: string, handle: Handle): Handle {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: DAY_SECONDS,
    responseHook: (response) => {
      const answer = response as unknown as APIGatewayProxyResult;
      return { ...answer, headers: { ...answer.headers, 'idempotent-replayed': 'true' } } as never;
    },
  });
  const keyed = makeIdempotent(async (request: KeyedRequest) => handle(request.event), {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: table,
      awsSdkV3Client: createDynamoClient(),
    }),
    config,
  });
  return async (event, context) => {
    const key = event.httpMethod === 'POST' ? idempotencyKeyOf(event) : undefined;
    if (key === undefined) return handle(event, context);
    if (!KEY.test(key)) throw keyProblem(400, 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    config.registerLambdaContext(context ?? LOCAL_CONTEXT);
    try {
      return await keyed({
        key: `${callerOf(event)} ${event.httpMethod} ${event.path} ${key}`,
        // The body as sent; a base64 body is compared as such.
        body: event.body ?? '',
        event,
      });
    } catch (error) {
      if (error instanceof IdempotencyValidationError)
        throw keyProblem(422, 'this Idempotency-Key was used with a different body');
      if (error instanceof IdempotencyAlreadyInProgressError)
        throw keyProblem(409, 'a request with this Idempotency-Key is still being processed; retry shortly');
      throw error;
    }
  };
}
