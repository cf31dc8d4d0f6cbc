/**
 * Offer codes on dynalite: a pool's codes claimed by many sends at once go to one journey each,
 * none twice and none lost; a pool runs out cleanly; a re-upload of a pool id is refused; a code
 * another pool gave out already is passed over; generated codes are registered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOfferCodeStore } from '../../../functions/adapters/dynamodb-offer-code-store.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const AT = '2026-06-01T10:00:00.000Z';
const TODAY = '2026-06-01';
const pool = (poolId: string, size: number) => ({
  poolId,
  expiresOn: '2026-12-31',
  size,
  uploadedAt: AT,
  contentHash: `${poolId}-${size}`,
});
const codesOf = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

describe('DynamoOfferCodeStore', () => {
  let fx: DynamoFixture;
  let store: DynamoOfferCodeStore;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    store = new DynamoOfferCodeStore(fx.db, (await fx.freshTables()).offerCodes);
  });
  afterAll(() => fx.close());

  it('gives 50 concurrent senders every code of a pool exactly once, then says it ran out', async () => {
    // Prepare: a pool of 600 codes
    const codes = codesOf('SPRING', 600);
    expect(await store.createPool(pool('spring', codes.length), codes)).toBe('created');

    // Act: 50 senders claiming until the pool runs out, 660 claims in all
    const claimed: string[] = [];
    let exhausted = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < 660) {
          const customerId = `c${next++}`;
          const claim = await store.claimFromPool('spring', { campaignId: 'win', customerId }, AT, TODAY);
          if (claim.kind === 'code') claimed.push(claim.code);
          else if (claim.kind === 'exhausted') exhausted++;
        }
      }),
    );

    // Assess: no duplicate, no code lost, the rest told it ran out; each code knows its holder
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(codes);
    expect(exhausted).toBe(60);
    expect(await store.pool('spring', '2026-06-01')).toMatchObject({ size: 600, claimed: 600, remaining: 0 });
    expect(await store.holderOf('spring00042')).toMatchObject({ campaignId: 'win' });
  });

  it('refuses a second upload of a pool id with other codes, leaving the first untouched, and takes the same file again', async () => {
    await store.createPool(pool('once', 3), ['AAA1', 'AAA2', 'AAA3']);
    expect(await store.createPool(pool('once', 2), ['BBB1', 'BBB2'])).toBe('exists');
    expect(await store.createPool(pool('once', 3), ['AAA1', 'AAA2', 'AAA3'])).toBe('created');
    const claim = await store.claimFromPool('once', { campaignId: 'x', customerId: 'c' }, AT, TODAY);
    expect(claim).toMatchObject({ kind: 'code', code: 'AAA1' });
    expect(await store.pool('once', '2026-06-01')).toMatchObject({ size: 3, claimed: 1, remaining: 2 });
  });

  it('passes over a code another pool already gave out, and knows no pool that was never uploaded', async () => {
    await store.createPool(pool('first', 1), ['SHARED1']);
    await store.createPool(pool('second', 2), ['shared1', 'OWN2']);
    await store.claimFromPool('first', { campaignId: 'a', customerId: 'c1' }, AT, TODAY);
    expect(
      await store.claimFromPool('second', { campaignId: 'b', customerId: 'c2' }, AT, TODAY),
    ).toMatchObject({
      kind: 'code',
      code: 'OWN2',
    });
    expect(await store.claimFromPool('nowhere', { campaignId: 'b', customerId: 'c3' }, AT, TODAY)).toEqual({
      kind: 'unknown',
    });
  });

  it('gives a retried claim of the same journey the code it took, spending no other', async () => {
    await store.createPool(pool('retry', 3), ['RTRY1', 'RTRY2', 'RTRY3']);
    const holder = { campaignId: 'r', customerId: 'c1' };
    const first = await store.claimFromPool('retry', holder, AT, TODAY);
    const again = await store.claimFromPool('retry', holder, AT, TODAY);
    expect(again).toEqual(first);
    expect(await store.pool('retry', '2026-06-01')).toMatchObject({ claimed: 1, remaining: 2 });
  });

  it('registers a generated code once: a second holder of the same code is refused', async () => {
    expect(await store.register('GEN-ABCDEFGH', { campaignId: 'g', customerId: 'c1' }, AT)).toBe(true);
    expect(await store.register('gen-abcdefgh', { campaignId: 'g', customerId: 'c2' }, AT)).toBe(false);
    expect(await store.holderOf('Gen-AbcdefGH')).toEqual({ campaignId: 'g', customerId: 'c1' });
  });
});
