/**
 * Reading a function's environment: checked once at cold start against the schema its manifest
 * entry derives (functions/manifest/environment.ts); a missing or malformed variable fails
 * loudly, naming it.
 */
import type * as z from 'zod';
import { reasonsFrom } from '../domain/validation.js';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success)
    throw new EnvironmentError(`invalid function environment: ${reasonsFrom(result.error).join('; ')}`);
  return result.data;
}
