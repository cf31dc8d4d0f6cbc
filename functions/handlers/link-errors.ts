/** A link that names no send of ours is a 404; an expired click link a 410. */
import { HttpProblem } from '../shared/http.js';
import { LinkError } from '../use-cases/public-links.js';

export function linkProblem(error: unknown): unknown {
  if (!(error instanceof LinkError)) return error;
  return error.kind === 'expired'
    ? new HttpProblem(410, 'Link Expired', error.message)
    : new HttpProblem(404, 'Unknown Link', error.message);
}
