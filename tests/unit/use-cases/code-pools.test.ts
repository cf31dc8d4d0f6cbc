/**
 * Code pools: an upload is stored whole or refused with every bad line named; a pool is never
 * replaced; a campaign may only name a pool that exists and has not expired.
 */
import { describe, expect, it } from 'vitest';
import { getCodePool, PoolUploadError, uploadCodePool } from '../../../functions/use-cases/code-pools.js';
import {
  CampaignFieldError,
  campaignDefinitionSchema,
  createCampaign,
} from '../../../functions/use-cases/manage-campaigns.js';
import { InMemoryCampaigns } from '../../fakes/in-memory-journeys.js';
import { InMemoryOfferCodes } from '../../fakes/in-memory-offer-codes.js';

const clock = () => new Date('2026-06-01T12:00:00Z');

describe('Use case: uploading a code pool', () => {
  it('stores every code of a shop export and tells how many are left', async () => {
    const deps = { codes: new InMemoryOfferCodes(), clock };
    const csv = 'Code,Usage Count\nSPRING-7KQ2\t,0\nSPRING-X3HD,0\n\nSPRING-M9PA,0\n'.replace('\t', '');
    const pool = await uploadCodePool(deps, 'spring', { expiresOn: '2026-08-31', csv });
    expect(pool).toMatchObject({ size: 3, claimed: 0, remaining: 3, expired: false });
    expect(await getCodePool(deps, 'spring')).toMatchObject({ size: 3, expiresOn: '2026-08-31' });
  });

  it('refuses a file with duplicate or blank codes naming each line, and stores nothing', async () => {
    const deps = { codes: new InMemoryOfferCodes(), clock };
    const csv = 'Discount Code,Note\nAAA-1,\n,blank\naaa-1,same code in another case\nBBB-2,\n';
    const refused = uploadCodePool(deps, 'bad', { expiresOn: '2026-08-31', csv });
    await expect(refused).rejects.toBeInstanceOf(PoolUploadError);
    await expect(refused).rejects.toMatchObject({
      errors: [
        { pointer: '/csv', line: 3, reasons: ['the code is blank'] },
        { pointer: '/csv', line: 4, reasons: ["'aaa-1' is a duplicate of line 2"] },
      ],
    });
    await expect(getCodePool(deps, 'bad')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('refuses an expired pool, a file without a code column, and a second upload of the same id', async () => {
    const deps = { codes: new InMemoryOfferCodes(), clock };
    await expect(
      uploadCodePool(deps, 'old', { expiresOn: '2026-05-31', csv: 'Code\nAAA1\n' }),
    ).rejects.toMatchObject({ errors: [{ pointer: '/expiresOn' }] });
    await expect(
      uploadCodePool(deps, 'cols', { expiresOn: '2026-08-31', csv: 'sku,price\nA,1\n' }),
    ).rejects.toMatchObject({ errors: [{ pointer: '/csv', line: 1 }] });
    await uploadCodePool(deps, 'once', { expiresOn: '2026-08-31', csv: 'Code\nAAA1\n' });
    await expect(
      uploadCodePool(deps, 'once', { expiresOn: '2026-08-31', csv: 'Code\nBBB2\n' }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('Use case: a campaign that claims codes from a pool', () => {
  const definition = (poolId: string) =>
    campaignDefinitionSchema.parse({
      campaignId: 'spring',
      name: 'Spring',
      offer: { description: '20 % off', codes: { source: 'pool', poolId } },
      email: { subject: 'Hi', html: '<p>{{offerCode}} until {{offerExpiresOn}}</p>', text: '{{offerCode}}' },
      sms: { text: '{{offerCode}}' },
    });

  it('is refused at creation, naming the field, when the pool is missing or has expired', async () => {
    const codes = new InMemoryOfferCodes();
    await codes.createPool(
      {
        poolId: 'lapsed',
        expiresOn: '2026-05-01',
        size: 1,
        uploadedAt: '2026-04-01T00:00:00Z',
        contentHash: 'h',
      },
      ['OLD1'],
    );
    const deps = { campaigns: new InMemoryCampaigns(), codes, clock };
    for (const [poolId, reason] of [
      ['nowhere', /there is no code pool 'nowhere'/],
      ['lapsed', /expired on 2026-05-01/],
    ] as const) {
      const refused = createCampaign(deps, definition(poolId));
      await expect(refused).rejects.toBeInstanceOf(CampaignFieldError);
      await expect(refused).rejects.toMatchObject({
        pointer: '/offer/codes/poolId',
        reason: expect.stringMatching(reason),
      });
    }
    expect(await deps.campaigns.get('spring')).toBeUndefined();
  });

  it('is refused by the schema when it falls back on a shared code it does not have', () => {
    const parsed = campaignDefinitionSchema.safeParse({
      campaignId: 'spring',
      name: 'Spring',
      offer: {
        description: '20 % off',
        codes: { source: 'pool', poolId: 'p', whenPoolRunsOut: 'shared-code' },
      },
      email: { subject: 'Hi', html: '<p>x</p>', text: 'x' },
      sms: { text: 'x' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['offer', 'codes', 'whenPoolRunsOut']);
  });
});
