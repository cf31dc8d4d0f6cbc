/**
 * `fetch` for the CLI's calls to the local stack, patient with a busy machine: a connection that
 * is refused, reset or closed before an answer (the stack still starting, its event loop held by
 * a synthesis, a kept-alive socket the server just timed out) is tried again with backoff — for
 * requests that are safe to repeat only: GET, PUT, DELETE, and a POST with an Idempotency-Key.
 * What still fails is one error that says what happened, not `TypeError: fetch failed`.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class LocalApiUnreachableError extends Error {
  override readonly name = 'LocalApiUnreachableError';
}

/** The network cause of a failed fetch (`fetch failed` wraps it), if that is what it was. */
export function connectionFailure(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  return code && RETRYABLE.has(code) ? code : undefined;
}

const repeatable = (init: RequestInit = {}) => {
  const method = (init.method ?? 'GET').toUpperCase();
  if (['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) return true;
  return new Headers(init.headers).has('idempotency-key');
};

export async function patientFetch(
  url: string,
  init: RequestInit = {},
  options: { attempts?: number; maxDelayMs?: number } = {},
): Promise<Response> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = connectionFailure(error);
      if (!code) throw error;
      if (!repeatable(init) || attempt >= attempts)
        throw new LocalApiUnreachableError(
          `${init.method ?? 'GET'} ${new URL(url).origin}${new URL(url).pathname} failed: ${code} (${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}); is the local stack still running?`,
        );
      // Full jitter, doubling from 100 ms: about 8 s over eight attempts at most.
      await sleep(Math.random() * Math.min(options.maxDelayMs ?? 2_000, 100 * 2 ** attempt));
    }
  }
}
