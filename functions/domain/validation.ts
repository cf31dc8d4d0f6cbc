import * as z from 'zod';

/** The outcome of validating one record: a value, or every reason it was refused. */
export type Validated<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reasons: string[];
      /** Each reason with the JSON Pointer (RFC 6901) of the field it is about: forms show it there. */
      fields: { pointer: string; reasons: string[] }[];
    };

/** The JSON Pointer of a zod issue's path: `['email', 'subject']` → `/email/subject`. */
const pointerOf = (path: readonly PropertyKey[]) =>
  path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

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
  if (result.success) return { ok: true, value: result.data };
  const reasons = reasonsFrom(result.error);
  return {
    ok: false,
    reasons,
    fields: result.error.issues.map((issue, i) => ({
      pointer: pointerOf(issue.path),
      reasons: [reasons[i] as string],
    })),
  };
}

/** Keys that would reach an object's prototype when copied naively. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Whether DynamoDB can store the number as sent: its numbers are exact decimals between 1e-130
 * and 1e126 in magnitude, and the SDK writes integers beyond ±2^53 only as BigInt (a double there
 * has already lost digits). So: an integer within ±(2^53 − 1), or a fraction of at least 1e-130.
 */
export function isStorableNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (Number.isInteger(value)) return Number.isSafeInteger(value);
  return Math.abs(value) >= 1e-130;
}

export const STORABLE_NUMBER_MESSAGE =
  'must be a number that can be stored exactly: an integer of at most ±9007199254740991, or a fraction of at least 1e-130';

/** A JSON number the stores can hold (`isStorableNumber`), with a message that says which. */
export const storableNumber = (message?: string) =>
  z
    .number(message ? { message } : undefined)
    .refine(isStorableNumber, { message: STORABLE_NUMBER_MESSAGE, abort: true });
