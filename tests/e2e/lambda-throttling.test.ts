/**
 * Lambda's concurrency limit on the local stack: with room for two function instances, forty
 * journeys waking together are refused with `Lambda.TooManyRequestsException` over and over — and
 * the state machine's own Retry absorbs every refusal: each journey runs to its end, each message
 * goes out once, nothing fails.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import {
  createRunningCampaign,
  seedDueCustomers,
  startJourneys,
  untilJourneysEnd,
} from '../support/journey-fleet.js';
import { startTestStack } from '../support/local-stack.js';

const JOURNEYS = 40;

describe('Journeys under Lambda throttling (two instances, a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;
  const campaignId = 'throttled';
  const ids = Array.from({ length: JOURNEYS }, (_, i) => `c${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    // An account out of the sandbox (SES's 14 a second): its emails wake together, as they should here.
    stack = await startTestStack({ timeScale: 86_400, lambdaConcurrency: 2, account: 'production' });
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    await seedDueCustomers(stack, db, ids);
    await createRunningCampaign(stack, db, campaignId, {
      name: 'Throttled',
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

  it('runs every journey to its end, each message once, while Lambda refuses most invocations', async () => {
    await startJourneys(stack, campaignId, ids);

    expect(await untilJourneysEnd(stack)).toEqual(ids.map(() => 'SUCCEEDED'));
    const lambda = stack.lambda.stats();
    expect(lambda.peak).toBeLessThanOrEqual(2);
    expect(lambda.throttled).toBeGreaterThan(JOURNEYS);
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    expect(store.emails.map((e) => e.destination.to[0]).sort()).toEqual(ids.map((id) => `${id}@example.com`));
    expect(stack.aws.sms).toHaveLength(JOURNEYS);
    // Each journey placed its call schedule (it may have fired since: a day is a second here).
    const records = await Promise.all(
      ids.map((id) => new DynamoJourneyStore(db, stack.tables.journeys).get(campaignId, id)),
    );
    expect(records.filter((r) => r?.callSchedule)).toHaveLength(JOURNEYS);
  }, 240_000);
});
