/** Use-case refusals as the API answers them: 404 for something missing, 409 for a state conflict. */
import { HttpProblem } from '../shared/http.js';
import { UseCaseError } from '../use-cases/use-case-error.js';

export async function answeringUseCaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UseCaseError)) throw error;
    throw error.kind === 'not-found'
      ? new HttpProblem(404, 'Not Found', error.message)
      : new HttpProblem(409, 'Conflict', error.message);
  }
}
