/**
 * Draft edits on dynalite: a draft is replaced only while it is a draft and, when the editor names
 * the version they read, only while it is still that version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../../functions/adapters/dynamodb-campaign-store.js';
import type { Campaign } from '../../../functions/domain/journey/campaign.js';
import { campaignDefinitionSchema } from '../../../functions/use-cases/manage-campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const draft = (name: string, updatedAt: string): Campaign => ({
  ...campaignDefinitionSchema.parse({
    campaignId: 'spring',
    name,
    email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
    sms: { text: '{{offer}}' },
  }),
  status: 'draft',
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt,
});

describe('DynamoCampaignStore.replaceDraft', () => {
  let fx: DynamoFixture;
  let store: DynamoCampaignStore;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    store = new DynamoCampaignStore(fx.db, (await fx.freshTables()).campaigns);
  });
  afterAll(() => fx.close());

  it('replaces the version read, refuses a stale one and a started campaign', async () => {
    await store.create(draft('Spring', '2026-03-01T09:00:00.000Z'));
    expect(
      await store.replaceDraft(draft('First', '2026-03-02T09:00:00.000Z'), '2026-03-01T09:00:00.000Z'),
    ).toBe(true);
    // A second editor who read the first version.
    expect(
      await store.replaceDraft(draft('Second', '2026-03-02T10:00:00.000Z'), '2026-03-01T09:00:00.000Z'),
    ).toBe(false);
    expect((await store.get('spring'))?.name).toBe('First');
    // Without a version: any draft may be replaced; once started, none.
    expect(await store.replaceDraft(draft('Third', '2026-03-02T11:00:00.000Z'))).toBe(true);
    expect(await store.setStatus('spring', 'running', ['draft'])).toBe(true);
    expect(await store.replaceDraft(draft('Fourth', '2026-03-02T12:00:00.000Z'))).toBe(false);
    expect(await store.get('spring')).toMatchObject({ name: 'Third', status: 'running' });
  });
});
