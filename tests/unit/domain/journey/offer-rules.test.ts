/**
 * Offers by rule: tiers by value, P(alive), segment and lapsed category, refused when one can
 * match nobody or two overlap; the spending guard withholds an incentive worth more than its
 * share of the customer's value; allow-listed attributes only in templates.
 */
import { describe, expect, it } from 'vitest';
import { campaignSettingsSchema } from '../../../../functions/domain/journey/campaign.js';
import { campaignForOffer, chooseOffer } from '../../../../functions/domain/journey/offer-choice.js';
import { renderSms } from '../../../../functions/domain/journey/templates.js';
import { runningCampaign } from '../../../support/campaigns.js';

const base = {
  name: 'Tiers',
  email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
  sms: { text: '{{offer}}' },
};
const tiers = [
  { id: 'vip', when: { minClv: 200 }, offer: { description: '25 % off', value: 20 } },
  {
    id: 'garden',
    when: { maxClv: 200, maxPAlive: 0.5, lapsedCategories: ['garden'] },
    offer: { description: '15 % off garden', value: 6 },
  },
  { id: 'rest', when: { maxClv: 200, minPAlive: 0.5 }, offer: null },
];

describe('offer rules', () => {
  const campaign = runningCampaign(
    'tiers',
    {
      ...base,
      offer: { description: '10 % off', value: 4 },
      offerRules: tiers,
      spendingGuard: { maxShareOfValue: 0.1, otherwise: 'no-message' },
    },
    '2026-06-01T00:00:00Z',
  );

  it('gives each customer the tier their scores fall in, naming the lapsed category, and the campaign offer to the rest', () => {
    expect(chooseOffer(campaign, { clv365Days: 500, pAlive: 0.4, lapsedCategories: ['tea'] })).toEqual({
      rule: 'vip',
      lapsedCategory: 'tea',
    });
    expect(
      chooseOffer(campaign, { clv365Days: 90, pAlive: 0.4, lapsedCategories: ['tea', 'garden'] }),
    ).toEqual({
      rule: 'garden',
      lapsedCategory: 'garden',
    });
    // No rule: the campaign's own offer (4 ≤ 10 % of 60)
    expect(
      chooseOffer(campaign, { clv365Days: 60, pAlive: 0.2, segment: 'lost', lapsedCategories: [] }),
    ).toEqual({});
    expect(campaignForOffer(campaign, { rule: 'garden' }).offer?.description).toBe('15 % off garden');
    // A tier without an incentive: the message goes without an offer
    expect(campaignForOffer(campaign, { rule: 'rest' }).offer).toBeUndefined();
  });

  it('withholds an incentive worth more than the guard’s share of the customer’s value', () => {
    // A garden customer worth 50: the 6 the offer costs is more than 10 % of 50
    expect(chooseOffer(campaign, { clv365Days: 50, pAlive: 0.3, lapsedCategories: ['garden'] })).toEqual({
      rule: 'garden',
      guard: 'no-message',
      lapsedCategory: 'garden',
    });
    expect(campaignForOffer(campaign, { guard: 'no-offer' }).offer).toBeUndefined();
  });

  it('refuses a rule that can match nobody, two that overlap, and a guard over an offer without a value, naming the field', () => {
    const parse = (extra: object) => campaignSettingsSchema.safeParse({ ...base, ...extra });
    const nobody = parse({ offerRules: [{ id: 'x', when: { minClv: 100, maxClv: 50 }, offer: null }] });
    expect(nobody.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['offerRules', 0, 'when', 'maxClv'],
        message: expect.stringMatching(/^matches nobody/),
      }),
    );
    const overlapping = parse({
      offerRules: [
        { id: 'a', when: { minClv: 100 }, offer: null },
        { id: 'b', when: { minClv: 50, maxClv: 150 }, offer: null },
      ],
    });
    expect(overlapping.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['offerRules', 1, 'when'],
        message: expect.stringContaining("overlaps rule 'a'"),
      }),
    );
    // Disjoint by segment: no overlap though the values meet
    expect(
      parse({
        offerRules: [
          { id: 'a', when: { segments: ['lost'] }, offer: null },
          { id: 'b', when: { segments: ['at-risk'] }, offer: null },
        ],
      }).success,
    ).toBe(true);
    const unvalued = parse({ offer: { description: '10 %' }, spendingGuard: { maxShareOfValue: 0.2 } });
    expect(unvalued.error?.issues[0]?.path).toEqual(['offer', 'value']);
  });

  it('shows only allow-listed attributes: another is refused at creation with its field', () => {
    const allowed = campaignSettingsSchema.safeParse({
      ...base,
      templateAttributes: ['loyaltyPoints'],
      sms: { text: 'You have {{attribute.loyaltyPoints}} points' },
    });
    expect(allowed.success).toBe(true);
    const refused = campaignSettingsSchema.safeParse({
      ...base,
      templateAttributes: ['loyaltyPoints'],
      sms: { text: 'Your tier: {{attribute.tier}}' },
    });
    expect(refused.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['sms', 'text'],
        message: expect.stringContaining('{{attribute.tier}}: not in templateAttributes'),
      }),
    );
    expect(
      renderSms('{{attribute.loyaltyPoints}} points STOP', {
        firstName: '',
        offer: '',
        offerCode: '',
        offerExpiresOn: '',
        offerUses: '1',
        lapsedCategory: '',
        link: '',
        unsubscribeUrl: '',
        postalAddress: '',
        attributes: { loyaltyPoints: '1200' },
      }),
    ).toBe('1200 points STOP');
  });
});
