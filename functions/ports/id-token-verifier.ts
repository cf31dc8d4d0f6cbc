/** Checks a Cognito ID token (adapter: aws-jwt-verify against the stage's user pool). */
export interface IdTokenVerifier {
  /**
   * The token's claims once its signature, issuer, expiry and use all check out; rejects with
   * `VerifierUnavailableError` when the pool's keys cannot be fetched, with any other error when
   * the token itself fails a check.
   */
  verify(token: string): Promise<VerifiedIdToken>;
}

/** The claims of a verified Cognito ID token that the API reads. */
export interface VerifiedIdToken {
  /** The user's immutable id. */
  sub: string;
  'cognito:groups'?: string[];
  'cognito:username'?: string;
}

/** The verifier could not judge the token (the pool's keys are out of reach): a fault, not a 401. */
export class VerifierUnavailableError extends Error {
  override readonly name = 'VerifierUnavailableError';
}
