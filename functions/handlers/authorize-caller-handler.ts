/**
 * The API's Cognito group authoriser (a Lambda TOKEN authoriser): verifies the ID token against
 * the stage's user pool and answers the policy of the roles among the user's groups.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { CognitoIdTokenVerifier } from '../adapters/cognito-id-token-verifier.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { logger } from '../shared/logger.js';
import { authorizeCaller, UnauthorizedError } from '../use-cases/authorize-caller.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.authorizeCaller, (env) => {
  const verifier = new CognitoIdTokenVerifier(env.USER_POOL_ID);
  return async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    try {
      return await authorizeCaller(verifier, event);
    } catch (error) {
      // The reason is logged, never the token; API Gateway answers `Unauthorized` with a 401.
      if (error instanceof UnauthorizedError) logger.info('token refused', { reason: error.reason });
      else logger.error('authorisation failed', { error: error as Error });
      throw error;
    }
  };
});
