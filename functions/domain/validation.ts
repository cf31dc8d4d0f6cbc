import type * as z from 'zod';

/** The outcome of validating one record: a value, or every reason it was refused. */
export type Validated<T> = { ok: true; value: T } | { ok: false; reasons: string[] };

/** Turns zod issues into short reasons a user can act on: `email: Invalid email address`. */
export function reasonsFrom(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${where ? ` in ${where}` : ''}`;
    }
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, reasons: reasonsFrom(result.error) };
}

/** Keys that would reach an object's prototype when copied naively. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
