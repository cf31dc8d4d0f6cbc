/**
 * The console's API client: openapi-fetch over the types generated from `/v1/openapi.json`
 * (`npm run api:types`), so a renamed field or route fails the console's type check, not a user.
 * Relative URLs: locally the console and the API share the local stack's origin; in AWS
 * CloudFront routes `/v1/*` to the API, so there is no CORS to configure.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { currentSession, sessionExpired } from '../auth/session.js';
import type { paths } from './api-types.js';

/** An RFC 9457 problem document, as every API error is. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: { pointer?: string; index?: number; reasons?: string[]; message?: string }[];
}

/** The API answered with an error: its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

/** The request never got an answer (offline, stack stopped, DNS). */
export class ConnectionError extends Error {}

const auth: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) sessionExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

function asProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'title' in error) return error as Problem;
  return { title: response.statusText || 'Error', status: response.status, detail: String(error ?? '') };
}

/** The data of a call, or an ApiError with the problem / a ConnectionError when none came. */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    throw new ConnectionError(
      `No answer from the API (${(error as Error).message}). Check your connection; the page retries.`,
    );
  }
  if (!result.response.ok) throw new ApiError(asProblem(result.error, result.response));
  return result.data as T;
}
