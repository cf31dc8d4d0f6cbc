/** What a use case refuses for a reason the caller can act on: a thing that is not there, or a state that forbids the request. */
export class UseCaseError extends Error {
  constructor(
    readonly kind: 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
  }
}
