/**
 * What the journey end-to-end tests start from: customers due today, reachable by email and SMS,
 * with their scores; a running campaign; their journeys started as a launch starts them; and a
 * wait until every one has ended.
 */
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { runningCampaign } from './campaigns.js';
import { api } from './local-stack.js';

/** Customers `<id>@example.com` with a mobile number and both consents, their churn moment today. */
export async function seedDueCustomers(
  stack: LocalStack,
  db: DynamoDBClient,
  ids: readonly string[],
  profile: { timeZone?: string; firstName?: string } = {},
): Promise<void> {
  const customers = ids.map((id) => ({
    customerId: id,
    email: `${id}@example.com`,
    phone: '+14155552671',
    ...(profile.firstName ? { firstName: profile.firstName } : {}),
    timeZone: profile.timeZone ?? 'UTC',
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
}

/** A running campaign of these settings (the API's schema fills in the rest). */
export async function createRunningCampaign(
  stack: LocalStack,
  db: DynamoDBClient,
  campaignId: string,
  settings: Record<string, unknown>,
): Promise<void> {
  await new DynamoCampaignStore(db, stack.tables.campaigns).create(
    runningCampaign(campaignId, settings, new Date(stack.clock.now())),
  );
}

/** Starts the customers' journeys with their deterministic names, as a launch does. */
export async function startJourneys(
  stack: LocalStack,
  campaignId: string,
  ids: readonly string[],
): Promise<void> {
  const runs = new SfnWorkflowRuns(
    new SFNClient({ ...LOCAL_CLIENT, endpoint: stack.apiUrl }),
    stack.journeys.stateMachineArn,
  );
  await Promise.all(
    ids.map((id) => runs.start(executionName(campaignId, id), { campaignId, customerId: id })),
  );
}

/** Waits until no journey execution is running; returns their statuses. */
export async function untilJourneysEnd(stack: LocalStack, realMs = 180_000): Promise<string[]> {
  const sfn = await stack.stepFunctions();
  const journeys = () => sfn.list(stack.journeys.stateMachineArn);
  const deadline = Date.now() + realMs;
  while (journeys().some((e) => e.status === 'RUNNING')) {
    if (Date.now() > deadline) throw new Error('journeys still running');
    await new Promise((r) => setTimeout(r, 100));
  }
  return journeys().map((e) => e.status);
}
