/**
 * HTTP plumbing shared by the API handlers: JSON bodies read defensively, answers in JSON,
 * errors as RFC 9457 problem details. Handlers throw `HttpProblem`; anything else is a 500 that
 * logs the error (never the request body, which holds personal data).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { FORBIDDEN_KEYS } from '../domain/validation.js';
import { logger } from './logger.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** In a `u` pattern a surrogate pair is one code point: what matches is a lone half. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATE_ALL = /[\uD800-\uDFFF]/gu;

/** Largest JSON body a handler reads; API Gateway itself stops at 10 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly kind = title.toLowerCase().replace(/[^a-z]+/g, '-'),
  ) {
    super(detail);
  }
}

export function problemResponse(
  problem: ProblemDetails,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export const noContent = (): APIGatewayProxyResult => ({ statusCode: 204, headers: {}, body: '' });

/** Headers of the pages people open from a message: no scripts, no framing, not indexed, not cached. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'cache-control': 'no-store',
};

/** A small page for a person; `body` is trusted markup (callers escape what they put in). */
export function htmlPage(statusCode: number, title: string, body: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: PAGE_HEADERS,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`,
  };
}

export function redirect(location: string): APIGatewayProxyResult {
  return {
    statusCode: 302,
    headers: { location, 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' },
    body: '',
  };
}

/** A request header by name, whatever its case (API Gateway passes the caller's casing). */
export function requestHeader(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

/** Reads a JSON object body: media type, size, syntax and prototype-polluting keys are checked. */
export function readJsonBody(
  event: APIGatewayProxyEvent,
  /** Larger for a route that takes a file (a code pool); below Lambda's 6 MB request limit. */
  maxBytes = MAX_BODY_BYTES,
): Record<string, unknown> {
  const type = requestHeader(event, 'content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new HttpProblem(
      415,
      'Unsupported Media Type',
      `send the body as application/json (got '${type || 'nothing'}')`,
    );
  }
  let raw = event.body ?? '';
  if (event.isBase64Encoded) {
    try {
      raw = UTF8.decode(Buffer.from(raw, 'base64'));
    } catch {
      throw new HttpProblem(400, 'Bad Request', 'the body is not valid UTF-8');
    }
  }
  if (Buffer.byteLength(raw) > maxBytes) {
    throw new HttpProblem(
      413,
      'Content Too Large',
      `the body is larger than ${maxBytes} bytes; split the batch`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(raw, (key, v) => {
      if (FORBIDDEN_KEYS.has(key))
        throw new HttpProblem(400, 'Bad Request', `field name '${key}' is not allowed`);
      // `\ud800` is valid JSON but no Unicode text: the stores would keep a replacement character.
      if (LONE_SURROGATE.test(key) || (typeof v === 'string' && LONE_SURROGATE.test(v)))
        throw new HttpProblem(
          400,
          'Bad Request',
          `${key ? `field '${key.replace(LONE_SURROGATE_ALL, '\uFFFD')}'` : 'the body'} holds an unpaired surrogate (\\uD800-\\uDFFF): not Unicode text`,
        );
      return v;
    });
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(400, 'Bad Request', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpProblem(400, 'Bad Request', 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * A path parameter, checked like a body field before anything reads a store with it: `pattern`
 * says what the parameter may be (an id's own rule), so an overlong or malformed id is a 400
 * naming it, not a store's refusal.
 */
export function pathParameter(
  event: APIGatewayProxyEvent,
  name: string,
  pattern: { test(value: string): boolean; describe: string } = ANY_SEGMENT,
): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new HttpProblem(400, 'Bad Request', `the path lacks {${name}}`);
  if (LONE_SURROGATE.test(value) || !pattern.test(value))
    throw new HttpProblem(400, 'Bad Request', `${name} in the path ${pattern.describe}`, {
      errors: [`${name}: ${pattern.describe}`],
    });
  return value;
}

/** A segment of any value up to 1,024 bytes (DynamoDB's sort-key limit; partition keys allow 2,048). */
const ANY_SEGMENT = {
  test: (value: string) => Buffer.byteLength(value) <= 1024,
  describe: 'must be at most 1024 bytes',
};

/** A path rule from a regular expression and what it means. */
export const pathRule = (pattern: RegExp, describe: string) => ({
  test: (value: string) => pattern.test(value),
  describe,
});

/**
 * An AWS service's throttling or fault that the SDK's own retries did not get past: the request
 * did nothing wrong, and the same request later will likely succeed.
 */
export function isTransientFault(error: unknown): boolean {
  // Libraries wrap the service's error (Powertools idempotency's persistence errors): follow `cause`.
  for (let e = error as TransientCandidate | undefined, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e !== 'object') return false;
    if (e.$retryable || e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
    if (TRANSIENT_NAMES.has(e.name ?? '')) return true;
  }
  return false;
}

interface TransientCandidate {
  $retryable?: unknown;
  $fault?: string;
  name?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: TransientCandidate;
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  // Our own, after their retries: a batch DynamoDB kept handing back, a customer item contended.
  'UnprocessedItemsError',
  'ConcurrentUpdateError',
]);

/** An API handler: Lambda's proxy event in, the answer out (the context is Lambda's). */
export type Handle = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** Wraps a handler body: problems become problem+json, surprises a logged 500. */
export function httpHandler(handle: Handle): Handle {
  return async (event, context) => {
    const instance = event.requestContext?.requestId;
    try {
      return await handle(event, context);
    } catch (error) {
      if (error instanceof HttpProblem) {
        return problemResponse({
          type: `urn:reactivate:problem:${error.kind}`,
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...(instance ? { instance: `urn:request:${instance}` } : {}),
          ...error.extensions,
        });
      }
      if (isTransientFault(error)) {
        logger.warn('a store or service was busy or unavailable past its retries', {
          error: (error as Error).name,
          resource: event.resource,
          method: event.httpMethod,
        });
        return problemResponse(
          {
            type: 'urn:reactivate:problem:unavailable',
            title: 'Service Unavailable',
            status: 503,
            detail:
              'a store was busy or unavailable; send the same request again shortly (batches and keyed requests are safe to resend)',
            ...(instance ? { instance: `urn:request:${instance}` } : {}),
          },
          { 'retry-after': '1' },
        );
      }
      logger.error('unhandled error', {
        error: error as Error,
        resource: event.resource,
        method: event.httpMethod,
      });
      return problemResponse({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'the request failed unexpectedly; retry it, and report the instance if it persists',
        ...(instance ? { instance: `urn:request:${instance}` } : {}),
      });
    }
  };
}
