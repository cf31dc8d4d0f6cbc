/**
 * Send pacing on the local stack, against providers that enforce their rates: sixty journeys due
 * at the same moment send their emails at the SES account's two a second although 14 are
 * configured (GetAccount's maximum send rate caps the configured one) — never more in any second
 * of the clock, the provider refusing none — while an SMS rate configured above what the
 * origination allows meets the provider's refusals, and every refused SMS is sent later, once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import {
  createRunningCampaign,
  seedDueCustomers,
  startJourneys,
  untilJourneysEnd,
} from '../support/journey-fleet.js';
import { startTestStack } from '../support/local-stack.js';

const JOURNEYS = 60;

describe('Send pacing against rate-limited providers (a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;
  const campaignId = 'paced';
  const ids = Array.from({ length: JOURNEYS }, (_, i) => `p${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    stack = await startTestStack({
      timeScale: 86_400,
      config: { journeys: { pacing: { emailPerSecond: 14, smsPartsPerSecond: 2 } } },
      // The SES account's maximum send rate is 2, below the configured 14; the SMS origination
      // allows half the configured rate (SNS has no GetAccount to ask).
      sendRates: { email: 2, sms: 1 },
      // Room for every journey at once: Lambda's refusals, whose retries land a send in a later
      // second whatever its slot, are the subject of lambda-throttling.test.ts, not of this test.
      lambdaConcurrency: 4 * JOURNEYS,
    });
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    await seedDueCustomers(stack, db, ids);
    await createRunningCampaign(stack, db, campaignId, {
      name: 'Paced',
      leadDays: 0,
      holdoutPercent: 0,
      email: { subject: 'Hi', html: '<p>{{link}}</p>', text: '{{link}}', responseWindowHours: 24 },
      sms: { text: 'Hi', responseWindowHours: 24 },
    });
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  it('keeps every second at the rate, and sends what a provider refused later, once', async () => {
    await startJourneys(stack, campaignId, ids);
    expect(await untilJourneysEnd(stack)).toEqual(ids.map(() => 'SUCCEEDED'));

    const rates = stack.rates.stats();
    // Email: paced at the account's rate, not the configured one, so SES had nothing to refuse.
    expect(rates.email).toMatchObject({ limit: 2, accepted: JOURNEYS, throttled: 0, peakAttempted: 2 });
    // SMS: paced above what the origination allows: refused, deferred to new slots, never lost or doubled.
    expect(rates.sms.limit).toBe(1);
    expect(rates.sms.throttled).toBeGreaterThan(0);
    expect(rates.sms.peakAccepted).toBeLessThanOrEqual(1);
    expect(stack.aws.sms.map((m) => m.phoneNumber)).toHaveLength(JOURNEYS);

    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    expect(store.emails.map((e) => e.destination.to[0]).sort()).toEqual(ids.map((id) => `${id}@example.com`));
  }, 240_000);
});
