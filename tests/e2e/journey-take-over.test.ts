/**
 * A campaign of higher priority takes customers over from one of lower priority on the local
 * stack: the lower journeys end "superseded" and their executions stop at once — not days later,
 * when their next step would have woken and found them ended — while the new journeys go on.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { createRunningCampaign, seedDueCustomers, startJourneys } from '../support/journey-fleet.js';
import { startTestStack } from '../support/local-stack.js';

const ids = ['t1', 't2', 't3'];
const messages = {
  holdoutPercent: 0,
  email: { subject: 'Hi', html: '<p>{{link}}</p>', text: '{{link}}', responseWindowHours: 72 },
  sms: { text: 'Hi', responseWindowHours: 72 },
};

describe('A take-over by a campaign of higher priority (real time)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;

  beforeAll(async () => {
    stack = await startTestStack();
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    await seedDueCustomers(stack, db, ids);
    await createRunningCampaign(stack, db, 'low', { name: 'Low', priority: 1, ...messages });
    await createRunningCampaign(stack, db, 'high', { name: 'High', priority: 5, ...messages });
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  it("stops the lower campaign's executions as soon as the higher one takes its customers", async () => {
    // Prepare: low's journeys under way, each waiting (for its email's slot or for an answer)
    const sfn = await stack.stepFunctions();
    const statusOf = (campaignId: string) =>
      ids.map(
        (id) =>
          sfn.list(stack.journeys.stateMachineArn).find((e) => e.name === executionName(campaignId, id))
            ?.status,
      );
    await startJourneys(stack, 'low', ids);
    const journeys = new DynamoJourneyStore(db, stack.tables.journeys);
    await expect.poll(async () => (await journeys.get('low', 't3'))?.timeline.length ?? 0).toBeGreaterThan(0);
    expect(statusOf('low')).toEqual(ids.map(() => 'RUNNING'));

    // Act
    await startJourneys(stack, 'high', ids);

    // Assess
    await expect.poll(() => statusOf('low'), { timeout: 10_000 }).toEqual(ids.map(() => 'ABORTED'));
    for (const id of ids)
      expect(await journeys.get('low', id)).toMatchObject({
        status: 'ended',
        exitReason: 'superseded by campaign high',
      });
    expect(statusOf('high')).toEqual(ids.map(() => 'RUNNING'));
  }, 60_000);
});
