/**
 * Lambda's concurrency limit on the local stack: with room for two function instances, forty
 * journeys waking together are refused with `Lambda.TooManyRequestsException` over and over — and
 * the state machine's own Retry absorbs every refusal: each journey runs to its end, each message
 * goes out once, nothing fails.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { runningCampaign } from '../support/campaigns.js';
import { api, startTestStack } from '../support/local-stack.js';

const JOURNEYS = 40;

describe('Journeys under Lambda throttling (two instances, a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;
  const campaignId = 'throttled';
  const ids = Array.from({ length: JOURNEYS }, (_, i) => `c${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400, lambdaConcurrency: 2 });
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
          name: 'Throttled',
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

  it('runs every journey to its end, each message once, while Lambda refuses most invocations', async () => {
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
