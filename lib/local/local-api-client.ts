/**
 * JSON calls to the local stack's HTTP API with its admin token, for the CLI's demo and the
 * benchmarks; anything but 2xx throws with the problem. Every POST carries an Idempotency-Key of
 * its own, so a call whose connection broke (a busy machine) is sent again without being done twice.
 */
import { randomUUID } from 'node:crypto';
import type { LocalStack } from './local-stack.js';
import { patientFetch } from './patient-fetch.js';

export function localApiClient(stack: Pick<LocalStack, 'apiUrl' | 'token'>) {
  return async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await patientFetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${stack.token}`,
        ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
}
