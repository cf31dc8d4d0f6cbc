/**
 * Personal offer codes through the journey steps on dynalite: each customer's messages carry a
 * code of their own (the email and the SMS the same one), two customers never share one, a pool
 * that runs out gives the rest the campaign's fallback, and an order that carries a code is
 * attributed to the journey that gave it out — once, and as "by someone else" when it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOfferCodeStore } from '../../../functions/adapters/dynamodb-offer-code-store.js';
import { DynamoOrderLedger } from '../../../functions/adapters/dynamodb-order-ledger.js';
import { CODE_ALPHABET } from '../../../functions/domain/journey/offer-codes.js';
import type { EmailMessage } from '../../../functions/ports/message-senders.js';
import { uploadCodePool } from '../../../functions/use-cases/code-pools.js';
import { OFFER_CODES_RAN_OUT } from '../../../functions/use-cases/journey-offers.js';
import {
  contactStep,
  type MessageDeps,
  type StartDeps,
  startJourney,
} from '../../../functions/use-cases/journey-steps.js';
import { recordOrders } from '../../../functions/use-cases/record-orders.js';
import { runningCampaign } from '../../support/campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { recordingMessageDeps, storedReport } from '../../support/message-deps.js';

const NOW = new Date('2026-06-10T14:00:00Z'); // 10:00 in New York
const templates = {
  email: {
    subject: 'Your code {{offerCode}}',
    html: '<p>{{offer}}: {{offerCode}}, until {{offerExpiresOn}}</p>',
    text: '{{offerCode}} until {{offerExpiresOn}}',
  },
  sms: { text: 'Code {{offerCode}} STOP' },
};

describe('Use case: personal offer codes', () => {
  let fx: DynamoFixture;
  let deps: MessageDeps & StartDeps;
  let codes: DynamoOfferCodeStore;
  let ledger: DynamoOrderLedger;
  let scoresTable: string;
  let emails: EmailMessage[];
  let texts: { phone: string; body: string }[];

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    scoresTable = t.scores;
    codes = new DynamoOfferCodeStore(fx.db, t.offerCodes);
    ledger = new DynamoOrderLedger(fx.db, { customers: t.customers, orders: t.orders });
    const recording = recordingMessageDeps(fx, t, () => NOW);
    deps = recording.deps;
    emails = recording.emails;
    texts = recording.texts;
    await deps.customers.upsertProfiles(
      Array.from({ length: 6 }, (_, i) => ({
        customerId: `c${i}`,
        email: `c${i}@example.com`,
        phone: `+1415555${String(100 + i).padStart(4, '0')}`,
        timeZone: 'America/New_York',
        consent: { email: true, sms: true },
        attributes: {},
      })),
    );
    for (let i = 0; i < 6; i++)
      await fx.putItem(scoresTable, { customerId: `c${i}`, churnMomentOn: '2026-06-01' });
  });
  afterAll(() => fx.close());

  /** Runs the campaign's email and SMS steps for the customers, in order. */
  const contact = async (campaignId: string, customerIds: string[]) => {
    for (const customerId of customerIds) {
      await startJourney(deps, { campaignId, customerId });
      await contactStep(deps, { campaignId, customerId, step: 'email' });
      await contactStep(deps, { campaignId, customerId, step: 'sms' });
    }
  };
  const codeIn = (text: string) =>
    /Code ([A-Z0-9-]+)/.exec(text)?.[1] ?? /^([A-Z0-9-]+) until/.exec(text)?.[1];

  it('gives each customer a generated code of their own, the same in their email and their SMS, valid for the days set', async () => {
    // Prepare
    await deps.campaigns.create(
      runningCampaign(
        'gen',
        {
          name: 'gen',
          holdoutPercent: 0,
          offer: {
            description: '20 % off',
            codes: { source: 'generated', prefix: 'WB-', length: 10, validDays: 14 },
          },
          ...templates,
        },
        NOW,
      ),
    );
    emails.length = 0;
    texts.length = 0;

    // Act
    await contact('gen', ['c0', 'c1', 'c2', 'c3']);

    // Assess: four distinct codes of the configured shape; each customer's email and SMS agree
    const byEmail = emails.map((m) => codeIn(m.text));
    const bySms = texts.map((m) => codeIn(m.body));
    expect(bySms).toEqual(byEmail);
    expect(new Set(byEmail).size).toBe(4);
    for (const code of byEmail) expect(code).toMatch(new RegExp(`^WB-[${CODE_ALPHABET}]{10}$`));
    // Sent on 10 June in New York: valid through 24 June, as the template says it
    expect(emails[0]?.text).toContain('until 24 June 2026');
    expect((await deps.journeys.get('gen', 'c0'))?.offer).toMatchObject({
      code: byEmail[0],
      source: 'generated',
      expiresOn: '2026-06-24',
    });
  });

  it('claims codes from a pool until it runs out; the rest get the fallback (no message, or the shared code)', async () => {
    // Prepare: a pool of 2 codes, two campaigns on it with different fallbacks
    await uploadCodePool({ codes, clock: () => NOW }, 'tiny', {
      expiresOn: '2026-06-20',
      csv: 'Discount Code\nTINY-AAA1\nTINY-BBB2\n',
    });
    const pooled = (campaignId: string, whenPoolRunsOut: string) =>
      runningCampaign(
        campaignId,
        {
          name: campaignId,
          holdoutPercent: 0,
          offer: {
            description: '20 % off',
            code: 'BACK20',
            codes: { source: 'pool', poolId: 'tiny', whenPoolRunsOut },
          },
          ...templates,
        },
        NOW,
      );
    await deps.campaigns.create(pooled('skip', 'skip-message'));
    await deps.campaigns.create(pooled('shared', 'shared-code'));
    emails.length = 0;
    texts.length = 0;

    // Act: three customers in the first campaign (the third finds the pool empty), one in the second
    await contact('skip', ['c0', 'c1', 'c2']);
    await contact('shared', ['c3']);

    // Assess
    expect(emails.map((m) => codeIn(m.text))).toEqual(['TINY-AAA1', 'TINY-BBB2', 'BACK20']);
    expect(texts.map((m) => codeIn(m.body))).toEqual(['TINY-AAA1', 'TINY-BBB2', 'BACK20']);
    // The pool's expiry caps the code's: 20 June
    expect(emails[0]?.text).toContain('until 20 June 2026');
    const third = await deps.journeys.get('skip', 'c2');
    expect(third?.offer).toMatchObject({ source: 'skip' });
    expect(third?.timeline.filter((t) => t.outcome === 'skipped').map((t) => [t.step, t.reason])).toEqual([
      ['email', OFFER_CODES_RAN_OUT],
      ['sms', OFFER_CODES_RAN_OUT],
    ]);
    expect(await codes.pool('tiny', '2026-06-10')).toMatchObject({ claimed: 2, remaining: 0 });
  });

  it('gives the send claim back when a code cannot be bound, so the retry sends with a code and nothing is counted as sent before', async () => {
    // Prepare: a campaign whose first code registration fails (DynamoDB throttled the write)
    await deps.campaigns.create(
      runningCampaign(
        'flaky',
        {
          name: 'flaky',
          holdoutPercent: 0,
          offer: { description: 'x', codes: { source: 'generated' } },
          ...templates,
        },
        NOW,
      ),
    );
    const register = deps.codes.register.bind(deps.codes);
    let failures = 1;
    deps.codes.register = async (...args) => {
      if (failures-- > 0)
        throw Object.assign(new Error('Throughput exceeded'), {
          name: 'ProvisionedThroughputExceededException',
        });
      return register(...args);
    };
    emails.length = 0;
    await startJourney(deps, { campaignId: 'flaky', customerId: 'c4' });

    // Act: the step fails, and its retry (at once: no lease to wait out) sends
    await expect(contactStep(deps, { campaignId: 'flaky', customerId: 'c4', step: 'email' })).rejects.toThrow(
      /Throughput/,
    );
    expect(await deps.sends.get('c4', 'flaky', 'email')).toBeUndefined();
    await contactStep(deps, { campaignId: 'flaky', customerId: 'c4', step: 'email' });
    deps.codes.register = register;

    // Assess
    expect(emails).toHaveLength(1);
    expect(
      (await deps.journeys.get('flaky', 'c4'))?.timeline
        .filter((t) => t.step === 'email')
        .map((t) => t.outcome),
    ).toEqual(['sent']);
  });

  it("attributes an order carrying a journey's code to that journey, once, and says when someone else redeemed it", async () => {
    // Prepare: the generated campaign's codes of c0 and c1
    const codeOf = async (customerId: string) =>
      (await deps.journeys.get('gen', customerId))?.offer?.code as string;
    const [mine, passedOn] = [await codeOf('c0'), await codeOf('c1')];
    const settings = { currency: { base: 'USD', rates: {} }, clock: () => NOW };
    const order = (orderId: string, customerId: string, promo: string) => ({
      orderId,
      customerId,
      orderedAt: '2026-06-11T10:00:00Z',
      amount: 80,
      promoCodes: [promo.toLowerCase()], // typed at the checkout in lower case
      discount: 16,
    });

    // Act: c0 uses their code; c5 uses c1's; the first order is sent twice
    const redemptions = { codes, journeys: deps.journeys };
    await recordOrders({ ledger, settings, redemptions }, [
      order('o-1', 'c0', mine),
      order('o-2', 'c5', passedOn),
    ]);
    await recordOrders({ ledger, settings, redemptions }, [order('o-1', 'c0', mine)]);

    // Assess
    const report = await storedReport(deps, 'gen', NOW);
    expect(report.offers).toEqual({
      codesGiven: 4,
      fellBack: { sharedCode: 0, noMessage: 0 },
      redemptions: 2,
      redeemedCodes: 2,
      redeemedByOthers: 1,
      discountGiven: 32,
      byRule: {},
      withheld: { noOffer: 0, noMessage: 0 },
    });
    expect(report.cost.discounts).toBe(32);
    expect((await deps.journeys.get('gen', 'c1'))?.redemptions?.['o-2']).toMatchObject({
      byCustomerId: 'c5',
    });
  });
});
