/**
 * ID tokens of one Cognito user pool, verified with aws-jwt-verify (AWS's own library): RS256
 * signature against the pool's published keys (fetched once per container, again on an unknown
 * `kid`), issuer, expiry, and `token_use` id.
 */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { FetchError } from 'aws-jwt-verify/error';
import type { IdTokenVerifier, VerifiedIdToken } from '../ports/id-token-verifier.js';
import { VerifierUnavailableError } from '../ports/id-token-verifier.js';

export class CognitoIdTokenVerifier implements IdTokenVerifier {
  private readonly verifier;

  /**
   * Any app client of the pool is accepted (the console's, an integration's), as Cognito's own
   * API Gateway authoriser does: the pool is the stage's, and only its administrators add clients.
   */
  constructor(userPoolId: string) {
    this.verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'id', clientId: null });
  }

  /** Installs the pool's keys instead of fetching them (tests; a container warmed from a file). */
  cacheKeys(jwks: Parameters<typeof this.verifier.cacheJwks>[0]): void {
    this.verifier.cacheJwks(jwks);
  }

  async verify(token: string): Promise<VerifiedIdToken> {
    try {
      return (await this.verifier.verify(token)) as VerifiedIdToken;
    } catch (error) {
      if (error instanceof FetchError) throw new VerifierUnavailableError(error.message);
      throw error;
    }
  }
}
