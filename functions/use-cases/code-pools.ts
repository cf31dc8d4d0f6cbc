/**
 * Code pools: the marketer uploads the codes a shop platform exported (CSV), with the last day
 * they are valid; campaigns with `offer.codes.source: pool` claim one per journey. A pool is
 * stored whole or not at all, and never replaced (claims count through it by position): a new
 * batch of codes is a new pool.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { readPoolFile } from '../domain/journey/code-pool-file.js';
import { type CodePoolStatus, localDay, poolIdSchema } from '../domain/journey/offer-codes.js';
import { isCalendarDay } from '../domain/timestamps.js';
import type { OfferCodeStore } from '../ports/offer-code-store.js';
import { UseCaseError } from './use-case-error.js';

export interface CodePoolDeps {
  codes: OfferCodeStore;
  clock: () => Date;
}

export const codePoolUploadSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  /** The last day the shop accepts the codes, `YYYY-MM-DD` (customers' own zones). */
  expiresOn: z.string().refine(isCalendarDay, 'must be a calendar day, YYYY-MM-DD'),
  /** The file's text: CSV with a header row, as the shop platform exported it. */
  csv: z.string().min(1).max(5_000_000),
  /** The code column's header; the first of code, discount code, coupon code, … when absent. */
  column: z.string().trim().min(1).max(64).optional(),
});
export type CodePoolUpload = z.output<typeof codePoolUploadSchema>;

/** What an upload is refused for: a field (its JSON Pointer) or a line of the file, with reasons. */
export interface PoolUploadProblem {
  pointer: string;
  /** The file's line (1 is the header) when the problem is in the CSV. */
  line?: number;
  reasons: string[];
}

/** A pool refused: every problem found (nothing was stored). */
export class PoolUploadError extends Error {
  override readonly name = 'PoolUploadError';
  constructor(readonly errors: PoolUploadProblem[]) {
    super(
      errors
        .slice(0, 3)
        .map((e) => `${e.line === undefined ? e.pointer : `line ${e.line}`}: ${e.reasons.join(', ')}`)
        .join('; ') + (errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''),
    );
  }
}

export async function uploadCodePool(
  deps: CodePoolDeps,
  poolId: string,
  upload: CodePoolUpload,
): Promise<CodePoolStatus> {
  poolIdSchema.parse(poolId);
  const now = deps.clock();
  const today = localDay(now, 'UTC');
  if (upload.expiresOn < today)
    throw new PoolUploadError([
      {
        pointer: '/expiresOn',
        reasons: [`${upload.expiresOn} is past (today is ${today} UTC): the codes have expired`],
      },
    ]);
  const file = readPoolFile(upload.csv, upload.column);
  if (!file.ok)
    throw new PoolUploadError(
      file.errors.map(({ line, reason }) => ({ pointer: '/csv', line, reasons: [reason] })),
    );
  const pool = {
    poolId,
    ...(upload.name ? { name: upload.name } : {}),
    expiresOn: upload.expiresOn,
    size: file.codes.length,
    uploadedAt: now.toISOString(),
    contentHash: createHash('sha256')
      .update(`${upload.expiresOn}\n${file.codes.join('\n')}`)
      .digest('hex')
      .slice(0, 32),
  };
  const created = await deps.codes.createPool(pool, file.codes);
  if (created === 'exists')
    throw new UseCaseError(
      'conflict',
      `a pool with the id '${poolId}' exists already, with other codes: pools are never replaced, upload new codes as a new pool`,
    );
  if (created === 'uploading')
    throw new UseCaseError(
      'conflict',
      `another file is being uploaded as pool '${poolId}' (or its upload died less than 15 minutes ago): send that same file again to finish it, or choose another id`,
    );
  return getCodePool(deps, poolId);
}

export async function getCodePool(deps: CodePoolDeps, poolId: string): Promise<CodePoolStatus> {
  const pool = await deps.codes.pool(poolId, localDay(deps.clock(), 'UTC'));
  if (!pool) throw new UseCaseError('not-found', `no code pool '${poolId}'`);
  return pool;
}
