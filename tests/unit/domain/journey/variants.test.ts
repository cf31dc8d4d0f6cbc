/**
 * Variants: assigned deterministically beside the holdout at the configured shares; refused at
 * creation when the shares with the holdout pass 100 % or an id repeats; judged against the
 * control group and each other with the intervals a hand computation gives.
 */
import { describe, expect, it } from 'vitest';
import { campaignForVariant, campaignSettingsSchema } from '../../../../functions/domain/journey/campaign.js';
import { isHeldOut } from '../../../../functions/domain/journey/journey-rules.js';
import { addValue, noMoments, rateDifference, wilson } from '../../../../functions/domain/journey/lift.js';
import { variantReport } from '../../../../functions/domain/journey/variant-report.js';
import { assignVariant, BASE_VARIANT } from '../../../../functions/domain/journey/variants.js';
import { runningCampaign } from '../../../support/campaigns.js';

const settings = (variants: unknown, holdoutPercent = 10) => ({
  name: 'AB',
  holdoutPercent,
  email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
  sms: { text: 'Hi' },
  variants,
});

describe('variant assignment', () => {
  it('gives 4 variants over 10,000 customers their configured shares within 1 point, beside a 10 % holdout, the same every time', () => {
    // Prepare: shares 30/25/20/15 with a 10 % holdout (the base keeps nothing)
    const variants = [
      { id: 'a', share: 30 },
      { id: 'b', share: 25 },
      { id: 'c', share: 20 },
      { id: 'd', share: 15 },
    ];
    const counts: Record<string, number> = {};
    let heldOut = 0;

    // Act
    for (let i = 0; i < 10_000; i++) {
      const customerId = `customer-${i}`;
      if (isHeldOut('spring', customerId, 10)) {
        heldOut++;
        continue;
      }
      const variant = assignVariant('spring', customerId, 10, variants);
      expect(assignVariant('spring', customerId, 10, variants)).toBe(variant);
      counts[variant] = (counts[variant] ?? 0) + 1;
    }

    // Assess: each share within 1 percentage point of the whole audience; nobody in base
    expect(Math.abs(heldOut / 100 - 10)).toBeLessThan(1);
    for (const { id, share } of variants) expect(Math.abs((counts[id] ?? 0) / 100 - share)).toBeLessThan(1);
    expect(counts[BASE_VARIANT]).toBeUndefined();
  });

  it("gives the rest to the campaign's own messages, and a held-out customer never a variant's share", () => {
    const variants = [{ id: 'a', share: 20 }];
    let base = 0;
    for (let i = 0; i < 2_000; i++) {
      const id = `c${i}`;
      if (isHeldOut('x', id, 10)) continue;
      if (assignVariant('x', id, 10, variants) === BASE_VARIANT) base++;
    }
    // 70 % of the audience: 1,400 of 2,000 give or take the sampling error
    expect(Math.abs(base - 1_400)).toBeLessThan(100);
  });
});

describe('variant definitions', () => {
  it('refuses shares above 100 % with the holdout, and an id twice, naming the field', () => {
    const over = campaignSettingsSchema.safeParse(
      settings(
        [
          { id: 'a', share: 50 },
          { id: 'b', share: 45 },
        ],
        10,
      ),
    );
    expect(over.success).toBe(false);
    expect(over.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['variants'],
        message: expect.stringContaining('add up to 105 %: at most 100 %'),
      }),
    );
    const twice = campaignSettingsSchema.safeParse(
      settings([
        { id: 'a', share: 10 },
        { id: 'a', share: 10 },
      ]),
    );
    expect(twice.error?.issues).toContainEqual(expect.objectContaining({ path: ['variants', 1, 'id'] }));
    const five = campaignSettingsSchema.safeParse(
      settings(Array.from({ length: 5 }, (_, i) => ({ id: `v${i}`, share: 5 }))),
    );
    expect(five.success).toBe(false);
    const unknownVariable = campaignSettingsSchema.safeParse(
      settings([{ id: 'a', share: 10, sms: { text: '{{points}} left' } }]),
    );
    expect(unknownVariable.error?.issues[0]?.path).toEqual(['variants', 0, 'sms', 'text']);
  });

  it("shows a variant's customer its templates and offer over the campaign's own", () => {
    const campaign = runningCampaign(
      'ab',
      {
        ...settings([
          { id: 'short', share: 40, email: { subject: 'Back?' }, offer: { description: '10 % off' } },
        ]),
        offer: { description: '20 % off', code: 'BACK20' },
      },
      '2026-06-01T00:00:00Z',
    );
    const seen = campaignForVariant(campaign, 'short');
    expect(seen.email).toMatchObject({ subject: 'Back?', html: '<p>{{offer}}</p>', responseWindowHours: 72 });
    expect(seen.offer).toEqual({ description: '10 % off' });
    expect(campaignForVariant(campaign, BASE_VARIANT)).toBe(campaign);
  });
});

describe('variant report', () => {
  it("gives each variant's reactivation and lift over the control group, the pairwise differences, and a winner only when its interval clears the others'", () => {
    // Prepare: control 20 of 400; a 90 of 400, b 40 of 400
    const campaign = {
      holdoutPercent: 20,
      variants: [
        { id: 'a', share: 40 },
        { id: 'b', share: 40 },
      ],
    };
    const tally = (enrolled: number, reactivated: number) => ({
      enrolled,
      reactivated,
      revenue: noMoments(),
    });
    const control = { reactivated: 20, heldOut: 400, revenue: noMoments() };

    // Act
    const report = variantReport(campaign, { a: tally(400, 90), b: tally(400, 40) }, control);

    // Assess: by hand (Wilson and Newcombe), and no base arm (the shares take it all)
    const [a, b] = report?.variants ?? [];
    expect(report?.variants.map((v) => v.id)).toEqual(['a', 'b']);
    expect(a?.reactivation).toEqual(wilson(90, 400));
    const liftA = rateDifference(wilson(90, 400), wilson(20, 400));
    expect(a?.lift).toEqual({ ...liftA, significant: true });
    expect(b?.lift?.difference).toBeCloseTo(0.05, 12);
    const ab = rateDifference(wilson(90, 400), wilson(40, 400));
    expect(report?.pairwise).toEqual([{ a: 'a', b: 'b', ...ab, significant: true }]);
    expect((wilson(90, 400).ci95?.low ?? 0) > (wilson(40, 400).ci95?.high ?? 1)).toBe(true);
    expect(report?.winner).toBe('a');

    // Close: 50 against 40 of 400 overlap, so no winner though a leads
    const close = variantReport(campaign, { a: tally(400, 50), b: tally(400, 40) }, control);
    expect(close?.winner).toBeNull();
    expect(close?.pairwise[0]?.significant).toBe(false);
  });

  it("gives a variant's revenue an interval as wide as its lift's when nobody in the control group bought", () => {
    // Prepare: 12 of 200 in the variant bought for 50 each; 0 of a control group of 20
    const spent = noMoments();
    for (let i = 0; i < 200; i++) addValue(spent, i < 12 ? 50 : 0);
    const nothing = noMoments();
    for (let i = 0; i < 20; i++) addValue(nothing, 0);

    // Act
    const report = variantReport(
      { holdoutPercent: 10, variants: [{ id: 'a', share: 90 }] },
      { a: { enrolled: 200, reactivated: 12, revenue: spent } },
      { reactivated: 0, heldOut: 20, revenue: nothing },
    );

    // Assess: the lift is not significant, so neither is the revenue
    const [a] = report?.variants ?? [];
    expect(a?.lift?.significant).toBe(false);
    expect(a?.revenue?.ci95?.low).toBeCloseTo((a?.lift?.ci95.low ?? 0) * 50, 8);
    expect(a?.revenue?.ci95?.low).toBeLessThan(0);
  });
});
