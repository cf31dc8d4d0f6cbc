/** A draft's definition can be replaced until the campaign starts; after that it is what journeys were promised. */
import { describe, expect, it } from 'vitest';
import {
  campaignDefinitionSchema,
  createCampaign,
  updateDraft,
} from '../../../functions/use-cases/manage-campaigns.js';
import { InMemoryCampaigns } from '../../fakes/in-memory-journeys.js';
import { InMemoryOfferCodes } from '../../fakes/in-memory-offer-codes.js';

const codes = new InMemoryOfferCodes();

const definition = (name: string) =>
  campaignDefinitionSchema.parse({
    campaignId: 'spring',
    name,
    email: { subject: 'Hi {{firstName}}', html: '<p>{{offer}}</p>', text: '{{offer}}' },
    sms: { text: '{{offer}}' },
  });

describe('updateDraft', () => {
  const at = (iso: string) => () => new Date(iso);

  it('replaces the definition and keeps the creation time', async () => {
    const campaigns = new InMemoryCampaigns();
    await createCampaign({ campaigns, codes, clock: at('2026-03-01T09:00:00Z') }, definition('Spring'));
    const updated = await updateDraft(
      { campaigns, codes, clock: at('2026-03-02T09:00:00Z') },
      'spring',
      definition('Spring, again'),
    );
    expect(updated).toMatchObject({
      name: 'Spring, again',
      status: 'draft',
      createdAt: '2026-03-01T09:00:00.000Z',
      updatedAt: '2026-03-02T09:00:00.000Z',
    });
    expect((await campaigns.get('spring'))?.name).toBe('Spring, again');
  });

  it('refuses an edit of a version that is no longer the stored one (If-Match), before and at the write', async () => {
    const campaigns = new InMemoryCampaigns();
    const created = await createCampaign(
      { campaigns, codes, clock: at('2026-03-01T09:00:00Z') },
      definition('Spring'),
    );
    const later = { campaigns, codes, clock: at('2026-03-02T09:00:00Z') };
    // Read by two marketers; the first saves.
    await updateDraft(later, 'spring', definition('First'), created.updatedAt);
    await expect(updateDraft(later, 'spring', definition('Second'), created.updatedAt)).rejects.toMatchObject(
      {
        kind: 'stale',
        message: expect.stringContaining('was changed since you read it'),
      },
    );
    // The other edit lands between the read and the write: the conditional replace refuses.
    const stored = (await campaigns.get('spring'))?.updatedAt as string;
    const racing = Object.assign(Object.create(campaigns), {
      replaceDraft: async () => false,
    }) as InMemoryCampaigns;
    await expect(
      updateDraft({ ...later, campaigns: racing }, 'spring', definition('Third'), stored),
    ).rejects.toMatchObject({
      kind: 'stale',
    });
    expect((await campaigns.get('spring'))?.name).toBe('First');
  });

  it('refuses a started campaign, an unknown one, a body naming another, and a start that came first', async () => {
    const campaigns = new InMemoryCampaigns();
    const deps = { campaigns, codes, clock: at('2026-03-01T09:00:00Z') };
    await expect(updateDraft(deps, 'spring', definition('x'))).rejects.toMatchObject({ kind: 'not-found' });
    await createCampaign(deps, definition('Spring'));
    await expect(updateDraft(deps, 'autumn', definition('x'))).rejects.toMatchObject({ kind: 'conflict' });
    // Started between the read and the write: the conditional replace refuses.
    const racing = Object.assign(Object.create(campaigns), {
      replaceDraft: async () => {
        await campaigns.setStatus('spring', 'running', ['draft']);
        return false;
      },
    }) as InMemoryCampaigns;
    await expect(updateDraft({ ...deps, campaigns: racing }, 'spring', definition('x'))).rejects.toThrow(
      /started meanwhile/,
    );
    await campaigns.setStatus('spring', 'running', ['draft']);
    await expect(updateDraft(deps, 'spring', definition('x'))).rejects.toThrow(
      /is running: only a draft can be edited/,
    );
    expect((await campaigns.get('spring'))?.name).toBe('Spring');
  });
});
