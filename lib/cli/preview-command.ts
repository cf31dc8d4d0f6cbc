/**
 * `reactivate preview CAMPAIGN`: the campaign's dry run on the running local stack, as
 * `POST /v1/campaigns/{id}/preview` answers it — the same use case, the stage's journey rules and
 * the stack's own clock (which may run sped up), so the two agree. Nothing is enrolled or sent.
 */

import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAudienceSource } from '../../functions/adapters/dynamodb-audience-source.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../../functions/adapters/dynamodb-model-store.js';
import { DynamoOfferCodeStore } from '../../functions/adapters/dynamodb-offer-code-store.js';
import { SesSendQuota } from '../../functions/adapters/ses-send-quota.js';
import { journeySettingsSchema } from '../../functions/manifest/variables.js';
import { type CampaignPreview, previewCampaign } from '../../functions/use-cases/preview-campaign.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { campaignRunSettings, journeySettings } from '../journey-environment.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { onLocalStack } from './on-local-stack.js';
import { counts, fmt } from './output.js';

export async function previewCommand(options: {
  campaignId: string;
  dataDir?: string;
  config?: StageConfig;
}): Promise<CampaignPreview> {
  const config = options.config ?? parseStageConfig({ stage: 'local' });
  const run = campaignRunSettings(config);
  return onLocalStack(options.dataDir, async (db, stack) => {
    // The stack's clock: sped up, its "now" is days or months ahead of the wall clock.
    const clock = (await (await fetch(`${stack.apiUrl}/_local/clock`)).json()) as { now: string };
    return previewCampaign(
      {
        campaigns: new DynamoCampaignStore(db, stack.tables.campaigns),
        audience: new DynamoAudienceSource(db, stack.tables.scores),
        models: new DynamoModelStore(db, stack.tables.models),
        customers: new DynamoCustomerRepository(db, stack.tables.customers),
        journeys: new DynamoJourneyStore(db, stack.tables.journeys),
        codes: new DynamoOfferCodeStore(db, stack.tables.offerCodes),
        // The stack's simulated SES account (served on the API's port, as the handlers reach it).
        quota: new SesSendQuota(new SESv2Client({ ...LOCAL_CLIENT, endpoint: stack.apiUrl })),
        settings: journeySettingsSchema.parse(journeySettings(config, stack.apiUrl)),
        segments: run.segments,
        modelFit: run.modelFit,
        clock: () => new Date(clock.now),
      },
      options.campaignId,
    );
  });
}

/** The preview as lines for a terminal: counts first, then each warning, then one sample journey. */
export function previewLines(p: CampaignPreview): string[] {
  const { audience: a, channels: c, otherCampaigns: o } = p;
  const estimated = c.estimatedFrom
    ? ` (estimated from ${fmt(c.estimatedFrom.profiles)} of ${fmt(c.estimatedFrom.of)} profiles)`
    : '';
  const days = Object.entries(p.firstEmailDays).sort(([x], [y]) => (x < y ? -1 : 1));
  const sample = p.sample[0];
  return [
    `Preview of '${p.campaignId}' at ${p.generatedAt} — nothing is enrolled or sent`,
    `Audience    ${fmt(a.selected)} selected of ${fmt(a.scanned)} scored: ${fmt(a.reached)} to reach, ${fmt(a.heldOut)} held out as the control group; excluded: ${counts(a.excluded)}`,
    `Channels    email ${fmt(c.email)}, SMS ${fmt(c.sms)}, call only ${fmt(c.callOnly)}${estimated}; not enrolled: ${counts(c.notEnrolled)}`,
    `Other       held back ${counts(o.heldBack as Record<string, number>)} (by ${counts(o.heldBackBy)}); taken over ${fmt(o.takenOver)} (from ${counts(o.takenOverFrom)})`,
    `First email ${days.length ? `${days[0]?.[0]} … ${days.at(-1)?.[0]} (${days.length} days)` : 'none'}`,
    ...(p.warnings.length
      ? p.warnings.map((w) => `Warning     ${w.code}: ${w.message}`)
      : ['Warnings    none']),
    ...(sample
      ? [
          `Sample      ${sample.customerId} (${sample.timeZone}): ${sample.timeline.map((t) => `${t.step} ${t.local}`).join(' → ') || 'no step'}`,
        ]
      : []),
  ];
}
