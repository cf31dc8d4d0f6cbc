import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { callerOf } from '../../../functions/shared/idempotency-key.js';

const withAuthorizer = (authorizer: unknown) =>
  ({ requestContext: { identity: {}, authorizer } }) as unknown as APIGatewayProxyEvent;

describe('callerOf: whose Idempotency-Keys a request uses', () => {
  it("is the Cognito user's sub, whichever Cognito authoriser checked the token", () => {
    // Prepare: Cognito's own authoriser puts the claims in; the group authoriser, its context
    const byClaims = withAuthorizer({ claims: { sub: 'u-1' } });
    const byGroups = withAuthorizer({ principalId: 'u-1', sub: 'u-1', username: 'ana', roles: 'marketer' });

    // Act / Assess: the same user is the same caller, another user another
    expect(callerOf(byClaims)).toBe('cognito:u-1');
    expect(callerOf(byGroups)).toBe('cognito:u-1');
    expect(callerOf(withAuthorizer({ sub: 'u-2' }))).toBe('cognito:u-2');
  });

  it('is the IAM principal when no Cognito user is named', () => {
    const event = {
      requestContext: { identity: { userArn: 'arn:aws:iam::123456789012:user/ana' }, authorizer: null },
    } as unknown as APIGatewayProxyEvent;

    expect(callerOf(event)).toBe('arn:aws:iam::123456789012:user/ana');
  });
});
