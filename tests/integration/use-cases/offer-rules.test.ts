/**
 * Offers by rule through the journey steps on dynalite: the tier a customer's stored scores fall
 * in decides the offer their messages carry and names their lapsed category; the spending guard
 * sends a customer not worth the incentive no message; an allow-listed attribute is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_WORTH_AN_INCENTIVE } from '../../../functions/domain/journey/offer-choice.js';
import { contactStep, startJourney } from '../../../functions/use-cases/journey-steps.js';
import { runningCampaign } from '../../support/campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { type RecordingMessageDeps, recordingMessageDeps } from '../../support/message-deps.js';

const NOW = new Date('2026-06-10T14:00:00Z');

describe('Use case: offers by rule', () => {
  let fx: DynamoFixture;
  let recording: RecordingMessageDeps;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    recording = recordingMessageDeps(fx, t, () => NOW);
    const { deps } = recording;
    const customers = [
      { id: 'vip', clv365Days: 800, pAlive: 0.6, lapsedCategories: ['tea'] },
      { id: 'gardener', clv365Days: 120, pAlive: 0.3, lapsedCategories: ['garden'] },
      { id: 'thin', clv365Days: 20, pAlive: 0.2, lapsedCategories: ['garden'] },
    ];
    await deps.customers.upsertProfiles(
      customers.map((c) => ({
        customerId: c.id,
        email: `${c.id}@example.com`,
        timeZone: 'Europe/Paris',
        consent: { email: true, sms: false },
        attributes: { loyaltyPoints: 1200, secret: 'x' },
      })),
    );
    for (const { id, ...scores } of customers)
      await fx.putItem(t.scores, { customerId: id, churnMomentOn: '2026-06-01', ...scores });
    await deps.campaigns.create(
      runningCampaign(
        'tiers',
        {
          name: 'Tiers',
          holdoutPercent: 0,
          offer: { description: '10 % off', value: 3 },
          offerRules: [
            { id: 'vip', when: { minClv: 500 }, offer: { description: '25 % off everything', value: 40 } },
            {
              id: 'lapsed',
              when: { maxClv: 500, lapsedCategories: ['garden'] },
              offer: { description: '20 % off {{garden}}', value: 5 },
            },
          ],
          spendingGuard: { maxShareOfValue: 0.1, otherwise: 'no-message' },
          templateAttributes: ['loyaltyPoints'],
          email: {
            subject: 'Hi',
            html: '<p>{{offer}}</p>',
            text: '{{offer}} on {{lapsedCategory}}; {{attribute.loyaltyPoints}} points',
          },
          sms: { text: 'Hi' },
        },
        NOW,
      ),
    );
  });
  afterAll(() => fx.close());

  it('sends each tier its offer naming the lapsed category, and no message to a customer not worth the incentive', async () => {
    // Act
    const { deps, emails } = recording;
    for (const customerId of ['vip', 'gardener', 'thin']) {
      await startJourney(deps, { campaignId: 'tiers', customerId });
      await contactStep(deps, { campaignId: 'tiers', customerId, step: 'email' });
    }

    // Assess
    const textOf = (id: string) => emails.find((m) => m.to === `${id}@example.com`)?.text.split('\n')[0];
    expect(textOf('vip')).toBe('25 % off everything on tea; 1200 points');
    expect(textOf('gardener')).toBe('20 % off {{garden}} on garden; 1200 points');
    expect(textOf('thin')).toBeUndefined();
    const thin = await deps.journeys.get('tiers', 'thin');
    expect(thin?.offerChoice).toEqual({ rule: 'lapsed', guard: 'no-message', lapsedCategory: 'garden' });
    expect(thin?.timeline.find((t) => t.step === 'email')?.reason).toBe(NOT_WORTH_AN_INCENTIVE);
  });
});
