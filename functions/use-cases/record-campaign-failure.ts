/**
 * A campaign run (launch with its completion checks, or cancel) whose step failed past every
 * retry: the failure is kept on the campaign, where a marketer reading it sees why it stopped
 * part-way, before the run fails and the FailedRuns alarm tells operators. Journeys already
 * started go on by themselves; the campaign's status is left as it was.
 */
import type { CampaignRunFailure } from '../domain/journey/campaign.js';
import { failureReason, type StepFailure } from '../domain/step-failure.js';
import type { CampaignStore } from '../ports/campaign-store.js';

export interface CampaignFailureDeps {
  campaigns: Pick<CampaignStore, 'recordRunFailure'>;
  clock: () => Date;
}

export async function recordCampaignRunFailure(
  deps: CampaignFailureDeps,
  input: { campaignId: string; action?: string; failure: StepFailure },
): Promise<CampaignRunFailure> {
  const failure: CampaignRunFailure = {
    run: input.action === 'cancel' ? 'cancel' : 'launch',
    reason: failureReason(input.failure),
    at: deps.clock().toISOString(),
  };
  await deps.campaigns.recordRunFailure(input.campaignId, failure);
  return failure;
}
