/** Where personal offer codes and the pools they are claimed from are kept (adapter: DynamoDB). */
import type { CodePool, CodePoolStatus } from '../domain/journey/offer-codes.js';

/** The journey a code was given to. */
export interface CodeHolder {
  campaignId: string;
  customerId: string;
}

export type PoolClaim =
  | { kind: 'code'; code: string; poolExpiresOn: string }
  /** Every code of the pool is claimed. */
  | { kind: 'exhausted' }
  /** The pool's codes are past their last valid day: the shop would refuse them. */
  | { kind: 'expired' }
  /** No such pool, or its upload never finished. */
  | { kind: 'unknown' };

export interface OfferCodeStore {
  /**
   * Stores a pool's codes, all or nothing: `exists` when another pool of that id was uploaded
   * before (pools are immutable: claims count through them by position), `uploading` while
   * another file's upload of that id is under way; the same file again resumes or repeats its
   * upload (`created`).
   */
  createPool(pool: CodePool, codes: readonly string[]): Promise<'created' | 'exists' | 'uploading'>;
  pool(poolId: string, today: string): Promise<CodePoolStatus | undefined>;
  /**
   * Claims the pool's next unclaimed code for the holder, atomically: two claims never get the
   * same code, and a code already given out elsewhere (another pool held it too) is passed over.
   * A pool past its expiry on `today` (the holder's day) gives none.
   */
  claimFromPool(poolId: string, holder: CodeHolder, at: string, today: string): Promise<PoolClaim>;
  /** Records a generated code as the holder's; false when the code exists already (draw again). */
  register(code: string, holder: CodeHolder, at: string): Promise<boolean>;
  /** Who a code was given to (any case); undefined for a code this engine never gave out. */
  holderOf(code: string): Promise<CodeHolder | undefined>;
}
