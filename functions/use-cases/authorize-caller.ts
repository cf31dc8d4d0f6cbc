/**
 * The API's Cognito authoriser: the caller's Cognito groups are its roles (admin, marketer, agent,
 * integration; lib/api-routes.ts). A request carries `Authorization: Bearer <ID token>`; the token
 * is verified (signature against the pool's keys, issuer, expiry, `token_use` id) and the answer
 * is an IAM policy allowing exactly the routes of the roles among the user's groups. API Gateway
 * caches that policy by token, so it names every route the roles may call, not just this request.
 *
 * A missing, malformed or unverifiable token is a 401 (API Gateway's answer to `Unauthorized`); a
 * verified user in no role's group is a 403 (a policy that denies every route).
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Statement } from 'aws-lambda';
import {
  API_ROUTES,
  CALLER_ROLES,
  type CallerRole,
  type RouteDefinition,
  roleMayCall,
  routePattern,
  shadowedRoutes,
} from '../../lib/api-routes.js';
import {
  type IdTokenVerifier,
  type VerifiedIdToken,
  VerifierUnavailableError,
} from '../ports/id-token-verifier.js';

/** API Gateway answers 401 when a TOKEN authoriser fails with exactly this message. */
export const UNAUTHORIZED = 'Unauthorized';

export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
  constructor(readonly reason: string) {
    super(UNAUTHORIZED);
  }
}

/** What handlers find in `requestContext.authorizer` besides `principalId`. */
export interface CallerContext {
  [key: string]: string;
  /** The user's immutable id: idempotency keys are scoped by it. */
  sub: string;
  username: string;
  /** The caller's roles, space-separated (context values must be strings). */
  roles: string;
}

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/;

/** The token of `Authorization: Bearer <token>` (a bare token too, as Cognito authorisers take it). */
export function bearerToken(header: string | undefined): string | undefined {
  const value = header?.trim() ?? '';
  return BEARER.exec(value)?.[1] ?? (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(value) ? value : undefined);
}

/** The caller roles among a user's groups (other groups of the pool mean nothing to the API). */
export function rolesOf(groups: readonly string[] | undefined): CallerRole[] {
  return CALLER_ROLES.filter((role) => groups?.includes(role));
}

/**
 * The method ARNs of every route `roles` may call, on the API and stage of `methodArn`
 * (`arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>`). A path parameter
 * becomes `*`, as in the IAM role policies (lib/constructs/api-role-policies.ts).
 */
export function routeArnsFor(roles: readonly CallerRole[], methodArn: string): string[] {
  return API_ROUTES.filter((route) => !route.public && roles.some((role) => roleMayCall(role, route))).map(
    (route) => methodArnOf(route, methodArn),
  );
}

/** The method ARNs to deny beside them: routes outside the roles that an allowed `*` would reach. */
export function shadowedArnsFor(roles: readonly CallerRole[], methodArn: string): string[] {
  return shadowedRoutes(roles).map((route) => methodArnOf(route, methodArn));
}

/** A route's method ARN on the API and stage of `methodArn`. */
const methodArnOf = (route: RouteDefinition, methodArn: string) =>
  `${stageArnOf(methodArn)}/${route.method}/${routePattern(route)}`;

/** `arn:aws:execute-api:<region>:<account>:<api-id>/<stage>` of a method ARN. */
const stageArnOf = (methodArn: string) => methodArn.split('/').slice(0, 2).join('/');

/** The policy for a verified caller: its roles' routes, or a denial of the whole stage without any. */
export function policyFor(token: VerifiedIdToken, methodArn: string): APIGatewayAuthorizerResult {
  const roles = rolesOf(token['cognito:groups']);
  const resources = routeArnsFor(roles, methodArn);
  const denied = shadowedArnsFor(roles, methodArn);
  const context: CallerContext = {
    sub: token.sub,
    username: token['cognito:username'] ?? token.sub,
    roles: roles.join(' '),
  };
  const invoke = (effect: 'Allow' | 'Deny', resource: string | string[]): Statement => ({
    Effect: effect,
    Action: 'execute-api:Invoke',
    Resource: resource,
  });
  const statements: Statement[] =
    resources.length === 0
      ? [invoke('Deny', `${stageArnOf(methodArn)}/*`)]
      : [invoke('Allow', resources), ...(denied.length > 0 ? [invoke('Deny', denied)] : [])];
  return {
    principalId: token.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: statements,
    },
    context,
  };
}

/** Authorises one request: throws `UnauthorizedError` (a 401) unless the token verifies. */
export async function authorizeCaller(
  verifier: IdTokenVerifier,
  event: Pick<APIGatewayTokenAuthorizerEvent, 'authorizationToken' | 'methodArn'>,
): Promise<APIGatewayAuthorizerResult> {
  const token = bearerToken(event.authorizationToken);
  if (!token) throw new UnauthorizedError('no bearer token');
  let verified: VerifiedIdToken;
  try {
    verified = await verifier.verify(token);
  } catch (error) {
    // Keys out of reach is our fault (a 500, retried by the caller), not the token's.
    if (error instanceof VerifierUnavailableError) throw error;
    throw new UnauthorizedError(error instanceof Error ? error.name : 'invalid token');
  }
  return policyFor(verified, event.methodArn);
}
