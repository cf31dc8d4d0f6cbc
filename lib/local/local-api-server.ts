/**
 * The HTTP API on localhost: real HTTP requests become API Gateway (REST, proxy) events for the
 * very handlers that run in Lambda, routed from the same route list as the CDK API. It stands in
 * for API Gateway's part too: a bearer token per caller role instead of SigV4 (401 without a
 * known token, 403 for a route the token's role may not call), the 10 MB payload limit, 404/405.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { API_ROUTES, type CallerRole, type RouteDefinition, roleMayCall } from '../api-routes.js';
import { listen } from './listen.js';
import type { LocalFunctions } from './local-functions.js';

/** API Gateway REST payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

type Handler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export interface LocalApiOptions {
  port: number;
  host?: string;
  /** Callers send `Authorization: Bearer <token>` with the token of their role. */
  tokens: Readonly<Record<CallerRole, string>>;
  /** The functions behind the routes. */
  functions: LocalFunctions;
  /** Extra local-only routes (e.g. `/_local/…`), answered before the API routes. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface LocalApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  params: string[];
  /** Routes with fewer placeholders win: `/customers/batch` before `/customers/{id}`. */
  placeholders: number;
}

const compiled: CompiledRoute[] = API_ROUTES.map((route) => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const placeholder = /^\{(\w+)\}$/.exec(segment);
      if (!placeholder) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      params.push(placeholder[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), params, placeholders: params.length };
}).sort((a, b) => a.placeholders - b.placeholders);

function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** The role whose token the request carries, if any. */
export function callerRole(req: IncomingMessage, tokens: LocalApiOptions['tokens']): CallerRole | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const given = Buffer.from(match[1] ?? '');
  return (Object.entries(tokens) as [CallerRole, string][]).find(([, token]) => {
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  })?.[0];
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of req as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

const decodes = (segment: string) => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

function toEvent(
  req: IncomingMessage,
  url: URL,
  match: CompiledRoute,
  values: string[],
  body: Buffer,
  role: CallerRole | undefined,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    headers[name] = list.join(',');
    multiValueHeaders[name] = list;
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    multiQuery[k] = [...(multiQuery[k] ?? []), v];
  }
  const text = body.toString('utf8');
  // Like API Gateway: bodies that are not valid UTF-8 arrive base64-encoded.
  const binary = !Buffer.from(text, 'utf8').equals(body);
  const requestId = randomUUID();
  return {
    resource: match.route.path,
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size ? query : null,
    multiValueQueryStringParameters: url.searchParams.size ? multiQuery : null,
    pathParameters: match.params.length
      ? Object.fromEntries(match.params.map((p, i) => [p, decodeURIComponent(values[i] ?? '')]))
      : null,
    stageVariables: null,
    body: body.length ? (binary ? body.toString('base64') : text) : null,
    isBase64Encoded: binary,
    requestContext: {
      requestId,
      resourcePath: match.route.path,
      httpMethod: req.method ?? 'GET',
      path: url.pathname,
      stage: 'local',
      requestTimeEpoch: Date.now(),
      // As IAM authorisation fills it in: the caller, here one IAM user per role's token.
      identity: role ? { userArn: `arn:aws:iam::000000000000:user/reactivate-local-${role}` } : {},
    } as APIGatewayProxyEvent['requestContext'],
  };
}

export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const server: Server = createServer(async (req, res) => {
    try {
      if (options.extraRoutes?.(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const candidates = compiled.flatMap((c) => {
        const m = c.pattern.exec(url.pathname);
        return m ? [{ c, values: m.slice(1) }] : [];
      });
      if (candidates.length === 0) return sendProblem(res, 404, 'Not Found', `no route ${url.pathname}`);
      const chosen = candidates.find(({ c }) => c.route.method === req.method);
      if (!chosen) {
        const allow = [...new Set(candidates.map(({ c }) => c.route.method))].join(', ');
        return sendProblem(
          res,
          405,
          'Method Not Allowed',
          `${req.method} is not allowed on ${url.pathname}`,
          { allow },
        );
      }
      const role = chosen.c.route.public ? undefined : callerRole(req, options.tokens);
      if (!chosen.c.route.public) {
        if (!role)
          return sendProblem(
            res,
            401,
            'Unauthorized',
            'send Authorization: Bearer <a token printed by reactivate start>',
            { 'www-authenticate': 'Bearer realm="reactivate-local"' },
          );
        if (!roleMayCall(role, chosen.c.route))
          return sendProblem(
            res,
            403,
            'Forbidden',
            `the ${role} role may not ${req.method} ${chosen.c.route.path}; it is open to ${['admin', ...chosen.c.route.roles].join(', ')}`,
          );
      }
      // API Gateway answers a path it cannot decode with 400, before any function runs.
      if (chosen.values.some((v) => !decodes(v)))
        return sendProblem(res, 400, 'Bad Request', 'the path holds a malformed percent-escape');
      const body = await readBody(req);
      if (!body)
        return sendProblem(res, 413, 'Content Too Large', `the body exceeds ${MAX_PAYLOAD_BYTES} bytes`);
      const handler = (await options.functions.handler(chosen.c.route.function)) as Handler;
      const result = await handler(toEvent(req, url, chosen.c, chosen.values, body, role));
      res.writeHead(result.statusCode, result.headers as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (error) {
      // A handler that throws is a 502 in API Gateway ("Internal server error").
      console.error('local API: handler failed:', (error as Error).message);
      if (!res.headersSent)
        sendProblem(res, 502, 'Bad Gateway', 'the handler failed; see the local stack output');
      else res.end();
    }
  });
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port, host, 'HTTP API');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
