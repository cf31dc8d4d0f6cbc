/** Offer codes and pools in memory, with the adapter's rules: one holder per code, pools immutable. */
import { type CodePool, type CodePoolStatus, codeKey } from '../../functions/domain/journey/offer-codes.js';
import type { CodeHolder, OfferCodeStore, PoolClaim } from '../../functions/ports/offer-code-store.js';

export class InMemoryOfferCodes implements OfferCodeStore {
  readonly pools = new Map<string, { pool: CodePool; codes: string[]; claimed: number }>();
  readonly given = new Map<string, CodeHolder>();

  async createPool(pool: CodePool, codes: readonly string[]) {
    if (this.pools.has(pool.poolId)) return 'exists' as const;
    this.pools.set(pool.poolId, { pool: { ...pool }, codes: [...codes], claimed: 0 });
    return 'created' as const;
  }

  async pool(poolId: string, today: string): Promise<CodePoolStatus | undefined> {
    const p = this.pools.get(poolId);
    return (
      p && {
        ...p.pool,
        claimed: p.claimed,
        remaining: p.pool.size - p.claimed,
        expired: p.pool.expiresOn < today,
      }
    );
  }

  private readonly claims = new Map<string, string>();

  async claimFromPool(poolId: string, holder: CodeHolder, at: string, today: string): Promise<PoolClaim> {
    const p = this.pools.get(poolId);
    if (!p) return { kind: 'unknown' };
    if (p.pool.expiresOn < today) return { kind: 'expired' };
    const mine = this.claims.get(`${poolId}#${holder.campaignId}#${holder.customerId}`);
    if (mine) return { kind: 'code', code: mine, poolExpiresOn: p.pool.expiresOn };
    while (p.claimed < p.codes.length) {
      const code = p.codes[p.claimed++] as string;
      if (await this.register(code, holder, at)) {
        this.claims.set(`${poolId}#${holder.campaignId}#${holder.customerId}`, code);
        return { kind: 'code', code, poolExpiresOn: p.pool.expiresOn };
      }
    }
    return { kind: 'exhausted' };
  }

  async register(code: string, holder: CodeHolder, _at: string) {
    if (this.given.has(codeKey(code))) return false;
    this.given.set(codeKey(code), { ...holder });
    return true;
  }

  async holderOf(code: string) {
    return this.given.get(codeKey(code));
  }
}
