import { describe, expect, it } from 'vitest';
import {
  type IdTokenVerifier,
  type VerifiedIdToken,
  VerifierUnavailableError,
} from '../../../functions/ports/id-token-verifier.js';
import {
  authorizeCaller,
  bearerToken,
  policyFor,
  rolesOf,
  UNAUTHORIZED,
  UnauthorizedError,
} from '../../../functions/use-cases/authorize-caller.js';
import { API_ROUTES, CALLER_ROLES, roleMayCall } from '../../../lib/api-routes.js';

const STAGE_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123defg/prod';
const METHOD_ARN = `${STAGE_ARN}/GET/v1/campaigns`;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';

/** The method ARN API Gateway authorises a request to `route` against, its parameters filled in. */
const requestArn = (method: string, path: string) =>
  `${STAGE_ARN}/${method}/${path.slice(1).replace(/\{\w+\}/g, 'x-1')}`;

/** Whether an IAM resource pattern (`*` matches anything, slashes included) matches an ARN. */
const matches = (pattern: string, arn: string) =>
  new RegExp(`^${pattern.replace(/[.+?^$()|[\]\\{}]/g, '\\$&').replaceAll('*', '.*')}$`).test(arn);

const allowed = (token: VerifiedIdToken) => {
  const [statement, ...rest] = policyFor(token, METHOD_ARN).policyDocument.Statement as unknown as {
    Effect: string;
    Resource: string | string[];
  }[];
  const denied = rest.filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Resource].flat());
  return { effect: statement?.Effect, resources: [statement?.Resource ?? []].flat(), denied };
};

/** As IAM decides: some Allow matches and no Deny does (an explicit Deny wins). */
const reaches = (policy: ReturnType<typeof allowed>, arn: string) =>
  policy.resources.some((p) => matches(p, arn)) && !policy.denied.some((p) => matches(p, arn));

const verifying = (result: VerifiedIdToken | Error): IdTokenVerifier => ({
  verify: async () => {
    if (result instanceof Error) throw result;
    return result;
  },
});

describe('The group authoriser: roles from Cognito groups', () => {
  it('allows each role exactly the routes it may call, on this API and stage, and no other', () => {
    for (const role of CALLER_ROLES) {
      // Act
      const policy = allowed({ sub: 'u-1', 'cognito:groups': [role] });
      const { effect, resources } = policy;

      // Assess
      expect(effect, role).toBe('Allow');
      for (const route of API_ROUTES.filter((r) => !r.public)) {
        const reached = reaches(policy, requestArn(route.method, route.path));
        expect(reached, `${role} ${route.method} ${route.path}`).toBe(roleMayCall(role, route));
      }
      expect(resources.every((r) => r.startsWith(`${STAGE_ARN}/`))).toBe(true);
    }
  });

  it('gives a user in several groups every route of each of their roles', () => {
    const { resources } = allowed({ sub: 'u-1', 'cognito:groups': ['agent', 'marketer'] });

    expect(resources.some((p) => matches(p, requestArn('GET', '/v1/call-tasks')))).toBe(true);
    expect(resources.some((p) => matches(p, requestArn('POST', '/v1/campaigns')))).toBe(true);
    expect(resources.some((p) => matches(p, requestArn('DELETE', '/v1/customers/{customerId}')))).toBe(false);
  });

  it('denies every route to a verified user in no role group (a 403), ignoring other groups', () => {
    expect(rolesOf(['Admins', 'sales', 'ADMIN'])).toEqual([]);
    expect(allowed({ sub: 'u-1', 'cognito:groups': ['sales'] })).toEqual({
      effect: 'Deny',
      resources: [`${STAGE_ARN}/*`],
      denied: [],
    });
    expect(allowed({ sub: 'u-1' }).effect).toBe('Deny');
  });

  it('names the user for the handlers: principal and context carry the sub, the roles as text', () => {
    const result = policyFor(
      { sub: 'u-1', 'cognito:username': 'ana', 'cognito:groups': ['marketer', 'agent'] },
      METHOD_ARN,
    );

    expect(result.principalId).toBe('u-1');
    // In CALLER_ROLES order, whatever the order of the groups.
    expect(result.context).toEqual({ sub: 'u-1', username: 'ana', roles: 'marketer agent' });
  });

  it('reads the token of `Bearer <token>` and of a bare token, nothing else', () => {
    expect(bearerToken(`Bearer ${JWT}`)).toBe(JWT);
    expect(bearerToken(JWT)).toBe(JWT);
    for (const header of [undefined, '', 'Bearer', `Basic ${JWT}`, `Bearer ${JWT} extra`, 'Bearer a.b'])
      expect(bearerToken(header), String(header)).toBeUndefined();
  });
});

describe('authorizeCaller', () => {
  const event = (authorizationToken: string) => ({ authorizationToken, methodArn: METHOD_ARN });

  it("answers a verified token's policy", async () => {
    const result = await authorizeCaller(
      verifying({ sub: 'u-1', 'cognito:groups': ['marketer'] }),
      event(`Bearer ${JWT}`),
    );

    expect(result.principalId).toBe('u-1');
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
  });

  it('fails with `Unauthorized` (API Gateway: 401) for no token or a token that does not verify', async () => {
    const expired = Object.assign(new Error('Token expired'), { name: 'JwtExpiredError' });
    const noToken = authorizeCaller(verifying({ sub: 'u-1' }), event('Bearer not-a-jwt'));
    const refused = authorizeCaller(verifying(expired), event(`Bearer ${JWT}`));

    await expect(noToken).rejects.toThrow(UnauthorizedError);
    await expect(noToken).rejects.toThrow(new RegExp(`^${UNAUTHORIZED}$`));
    await expect(refused).rejects.toMatchObject({ message: UNAUTHORIZED, reason: 'JwtExpiredError' });
  });

  it("fails as a fault, not a 401, when the pool's keys are out of reach", async () => {
    const result = authorizeCaller(verifying(new VerifierUnavailableError('JWKS fetch failed')), event(JWT));

    await expect(result).rejects.toThrow(VerifierUnavailableError);
  });
});
