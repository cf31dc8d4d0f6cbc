/**
 * Variants through the journey steps on dynalite: each customer is recorded with the variant the
 * assignment gives, gets that variant's messages and offer, and the report counts each variant's
 * enrolled beside the campaign's own messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant, BASE_VARIANT } from '../../../functions/domain/journey/variants.js';
import { contactStep, startJourney } from '../../../functions/use-cases/journey-steps.js';
import { runningCampaign } from '../../support/campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { type RecordingMessageDeps, recordingMessageDeps, storedReport } from '../../support/message-deps.js';

const NOW = new Date('2026-06-10T14:00:00Z');
const CUSTOMERS = Array.from({ length: 30 }, (_, i) => `v${i}`);

describe('Use case: a campaign with variants', () => {
  let fx: DynamoFixture;
  let recording: RecordingMessageDeps;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    recording = recordingMessageDeps(fx, t, () => NOW);
    const { deps } = recording;
    await deps.customers.upsertProfiles(
      CUSTOMERS.map((customerId) => ({
        customerId,
        email: `${customerId}@example.com`,
        timeZone: 'Europe/Paris',
        consent: { email: true, sms: false },
        attributes: {},
      })),
    );
    for (const customerId of CUSTOMERS)
      await fx.putItem(t.scores, { customerId, churnMomentOn: '2026-06-01' });
    await deps.campaigns.create(
      runningCampaign(
        'ab',
        {
          name: 'AB',
          holdoutPercent: 0,
          offer: { description: '20 % off', code: 'BACK20' },
          email: { subject: 'Base {{offerCode}}', html: '<p>{{offer}}</p>', text: '{{offer}} {{offerCode}}' },
          sms: { text: 'Hi' },
          variants: [
            {
              id: 'short',
              share: 50,
              email: { subject: 'Short {{offerCode}}' },
              offer: { description: '10 % off', code: 'TEN10' },
            },
          ],
        },
        NOW,
      ),
    );
  });
  afterAll(() => fx.close());

  it("sends each customer their variant's subject and offer, records the variant, and reports each variant's enrolled", async () => {
    // Act
    const { deps, emails } = recording;
    for (const customerId of CUSTOMERS) {
      await startJourney(deps, { campaignId: 'ab', customerId });
      await contactStep(deps, { campaignId: 'ab', customerId, step: 'email' });
    }

    // Assess
    const variants = (await deps.campaigns.get('ab'))?.variants;
    const expected = CUSTOMERS.map((id) => assignVariant('ab', id, 0, variants));
    expect(new Set(expected)).toEqual(new Set(['short', BASE_VARIANT]));
    expect(emails).toHaveLength(CUSTOMERS.length);
    for (const [i, customerId] of CUSTOMERS.entries()) {
      const email = emails.find((m) => m.to === `${customerId}@example.com`);
      expect(email?.subject).toBe(expected[i] === 'short' ? 'Short TEN10' : 'Base BACK20');
      expect(email?.text).toContain(expected[i] === 'short' ? '10 % off TEN10' : '20 % off BACK20');
      expect((await deps.journeys.get('ab', customerId))?.variant).toBe(expected[i]);
    }
    const report = await storedReport(deps, 'ab', NOW);
    expect(
      Object.fromEntries(report.variants?.variants.map((v) => [v.id, [v.share, v.enrolled]]) ?? []),
    ).toEqual({
      short: [50, expected.filter((v) => v === 'short').length],
      [BASE_VARIANT]: [50, expected.filter((v) => v === BASE_VARIANT).length],
    });
  });
});
