/**
 * Send pacing on the local stack, against providers that enforce their rates: sixty journeys due
 * at the same moment send their emails at the configured two a second — never more in any second
 * of the clock, and the provider refuses none — while an SMS rate configured above what the
 * origination allows meets the provider's refusals, and every refused SMS is sent later, once.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { runningCampaign } from '../support/campaigns.js';
import { api, startTestStack } from '../support/local-stack.js';

const JOURNEYS = 60;

describe('Send pacing against rate-limited providers (a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;
  const campaignId = 'paced';
  const ids = Array.from({ length: JOURNEYS }, (_, i) => `p${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    stack = await startTestStack({
      timeScale: 86_400,
      config: { journeys: { pacing: { emailPerSecond: 2, smsPartsPerSecond: 2 } } },
      // SES allows what the campaign is paced at; the SMS origination only half of it.
      sendRates: { email: 2, sms: 1 },
    });
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    const customers = ids.map((id) => ({
      customerId: id,
      email: `${id}@example.com`,
      phone: '+14155552671',
      timeZone: 'UTC',
      consent: { email: true, sms: true },
    }));
    expect((await api(stack)('POST', '/v1/customers/batch', { customers })).status).toBe(200);
    const today = new Date(stack.clock.now()).toISOString().slice(0, 10);
    for (const id of ids)
      await db.send(
        new PutItemCommand({
          TableName: stack.tables.scores,
          Item: toItem({ customerId: id, churnMomentOn: today }),
        }),
      );
    await new DynamoCampaignStore(db, stack.tables.campaigns).create(
      runningCampaign(
        campaignId,
        {
          name: 'Paced',
          leadDays: 0,
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>{{link}}</p>', text: '{{link}}', responseWindowHours: 24 },
          sms: { text: 'Hi', responseWindowHours: 24 },
        },
        new Date(stack.clock.now()),
      ),
    );
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  it('keeps every second at the rate, and sends what a provider refused later, once', async () => {
    const runs = new SfnWorkflowRuns(
      new SFNClient({ ...LOCAL_CLIENT, endpoint: stack.apiUrl }),
      stack.journeys.stateMachineArn,
    );
    await Promise.all(
      ids.map((id) => runs.start(executionName(campaignId, id), { campaignId, customerId: id })),
    );
    const sfn = await stack.stepFunctions();
    const journeys = () => sfn.list(stack.journeys.stateMachineArn);
    const deadline = Date.now() + 180_000;
    while (journeys().some((e) => e.status === 'RUNNING')) {
      if (Date.now() > deadline) throw new Error('journeys still running');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(journeys().map((e) => e.status)).toEqual(ids.map(() => 'SUCCEEDED'));

    const rates = stack.rates.stats();
    // Email: paced at the provider's rate, so the provider never had to refuse one.
    expect(rates.email).toMatchObject({ limit: 2, accepted: JOURNEYS, throttled: 0 });
    expect(rates.email.peakAccepted).toBeLessThanOrEqual(2);
    expect(rates.email.peakAttempted).toBeLessThanOrEqual(2);
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
