/**
 * What a use case refuses for a reason the caller can act on: a thing that is not there, a state
 * that forbids the request, or a version the caller read that is no longer the stored one.
 */
export class UseCaseError extends Error {
  constructor(
    readonly kind: 'not-found' | 'conflict' | 'stale',
    message: string,
  ) {
    super(message);
  }
}
