/**
 * Asking why, through the steps and the public links on dynalite: the email carries a link per
 * reason; a reason the campaign answers with an offer switches the offer the next message
 * carries and keeps the journey going; any other reason is a response that ends it; both are
 * kept with the send and counted by reason in the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactStep, startJourney } from '../../../functions/use-cases/journey-steps.js';
import { answerSurvey, LinkError } from '../../../functions/use-cases/public-links.js';
import { runningCampaign } from '../../support/campaigns.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { type RecordingMessageDeps, recordingMessageDeps, storedReport } from '../../support/message-deps.js';

const NOW = new Date('2026-06-10T14:00:00Z');

describe('Use case: asking why they left', () => {
  let fx: DynamoFixture;
  let recording: RecordingMessageDeps;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    recording = recordingMessageDeps(fx, t, () => NOW);
    const { deps } = recording;
    await deps.customers.upsertProfiles(
      ['pricey', 'unhappy'].map((customerId, i) => ({
        customerId,
        email: `${customerId}@example.com`,
        phone: `+1415555012${i}`,
        timeZone: 'UTC',
        consent: { email: true, sms: true },
        attributes: {},
      })),
    );
    for (const customerId of ['pricey', 'unhappy'])
      await fx.putItem(t.scores, { customerId, churnMomentOn: '2026-06-01' });
    await deps.campaigns.create(
      runningCampaign(
        'why',
        {
          name: 'Why',
          holdoutPercent: 0,
          offer: { description: 'free delivery' },
          survey: {
            reasons: ['price', 'quality', 'other'],
            reasonOffers: { price: { description: '20 % off your next order', code: 'PRICE20' } },
          },
          email: { subject: 'We miss you', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: '{{offer}} {{offerCode}} STOP' },
        },
        NOW,
      ),
    );
  });
  afterAll(() => fx.close());

  const linksIn = (text: string) =>
    [...text.matchAll(/\/r\/([0-9a-f-]{36})\/([a-z-]+)/g)].map((m) => [m[1], m[2]]);

  it("switches the next message's offer for a reason the campaign answers, ends the journey for another, and reports both by reason", async () => {
    // Prepare: both customers emailed
    const { deps, emails, texts } = recording;
    const linkDeps = deps;
    for (const customerId of ['pricey', 'unhappy']) {
      await startJourney(deps, { campaignId: 'why', customerId });
      await contactStep(deps, { campaignId: 'why', customerId, step: 'email' });
    }
    const mail = (id: string) => emails.find((m) => m.to === `${id}@example.com`);
    const links = linksIn(mail('pricey')?.text ?? '');
    expect(links.map(([, reason]) => reason)).toEqual(['price', 'quality', 'other']);
    expect(mail('pricey')?.html).toContain('>The price</a>');
    const sendOf = (id: string) => linksIn(mail(id)?.text ?? '')[0]?.[0] as string;

    // Act: one answers "price" (the campaign answers it with an offer), the other "quality"
    expect(await answerSurvey(linkDeps, sendOf('pricey'), 'price')).toMatchObject({
      answeredWith: 'offer',
      offer: '20 % off your next order',
    });
    expect(await answerSurvey(linkDeps, sendOf('unhappy'), 'quality', 'it broke')).toEqual({
      answeredWith: 'response',
    });
    // Answered again (the link kept, a changed mind): the offer stays, no other code, no end
    expect(await answerSurvey(linkDeps, sendOf('pricey'), 'quality')).toMatchObject({
      answeredWith: 'offer',
    });
    await contactStep(deps, { campaignId: 'why', customerId: 'pricey', step: 'sms' });

    // Assess: the priced-out customer's journey goes on, the SMS carrying the answer's offer
    const pricey = await deps.journeys.get('why', 'pricey');
    expect(pricey).toMatchObject({ status: 'active', offerChoice: { reason: 'price' } });
    expect(pricey?.survey).toMatchObject({ leavingReason: 'quality', sendId: sendOf('pricey') });
    expect(pricey?.timeline.filter((t) => t.outcome === 'answered')).toHaveLength(1);
    expect(texts.map((t) => t.body)).toEqual(['20 % off your next order PRICE20 STOP']);
    const unhappy = await deps.journeys.get('why', 'unhappy');
    expect(unhappy).toMatchObject({ status: 'ended', exitReason: 'survey', survey: { note: 'it broke' } });
    // A reason the email did not offer is not an answer
    await expect(answerSurvey(linkDeps, sendOf('unhappy'), 'moved')).rejects.toBeInstanceOf(LinkError);

    const report = await storedReport(deps, 'why', NOW);
    expect(report.leavingReasons).toEqual({ quality: { survey: 2, call: 0, total: 2 } });
  });
});
