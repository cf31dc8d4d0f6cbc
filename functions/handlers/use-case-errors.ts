/**
 * Use-case refusals as the API answers them: 404 for something missing, 409 for a state conflict,
 * 412 when an `If-Match` names a version that is no longer the stored one.
 */
import { HttpProblem } from '../shared/http.js';
import { UseCaseError } from '../use-cases/use-case-error.js';

export async function answeringUseCaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UseCaseError)) throw error;
    if (error.kind === 'not-found') throw new HttpProblem(404, 'Not Found', error.message);
    if (error.kind === 'stale') throw new HttpProblem(412, 'Precondition Failed', error.message);
    throw new HttpProblem(409, 'Conflict', error.message);
  }
}
