/** A running campaign as the tests store it: settings parsed with the API's schema. */
import { type Campaign, campaignSettingsSchema } from '../../functions/domain/journey/campaign.js';

export function runningCampaign(
  campaignId: string,
  settings: Record<string, unknown>,
  at: Date | string,
): Campaign {
  const when = typeof at === 'string' ? at : at.toISOString();
  return {
    campaignId,
    status: 'running',
    createdAt: when,
    updatedAt: when,
    ...campaignSettingsSchema.parse(settings),
  };
}
