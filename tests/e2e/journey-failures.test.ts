/**
 * A step that can never succeed, on the local stack (a day per second): the SMS step fails on
 * every attempt for some customers. Their journeys end `failed` with the error, the customers are
 * free for another journey, the report counts them; every other journey runs to its end, and
 * nobody gets a message twice. Nothing is left running or `active`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoSendLedger } from '../../functions/adapters/dynamodb-send-ledger.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { runningCampaign } from '../support/campaigns.js';
import { seedDueCustomers } from '../support/journey-fleet.js';
import { api, startTestStack } from '../support/local-stack.js';

const campaignId = 'fault-test';
const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
const FAILING = ['c2', 'c5'];

describe('A journey step that fails for good (local stack, fault injected)', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;

  beforeAll(async () => {
    // Prepare: six customers due today; the SMS step fails on every attempt for two of them.
    stack = await startTestStack({
      timeScale: 86_400,
      faults: [
        { state: 'SendSms', customerIds: FAILING },
        { state: 'PrepareLaunch', campaignIds: ['doomed'] },
        { state: 'CheckCampaign', campaignIds: ['checked'] },
      ],
    });
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    await seedDueCustomers(stack, db, CUSTOMERS, { timeZone: 'America/New_York', firstName: 'Sam' });
    await new DynamoCampaignStore(db, stack.tables.campaigns).create(
      runningCampaign(
        campaignId,
        {
          name: 'Fault test',
          leadDays: 0,
          holdoutPercent: 0,
          email: {
            subject: 'Hello {{firstName}}',
            html: '<p>{{offer}}</p>',
            text: '{{offer}}',
            responseWindowHours: 48,
          },
          sms: { text: 'We miss you', responseWindowHours: 48 },
        },
        new Date(stack.clock.now()),
      ),
    );
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  it('ends those journeys failed with the reason and lets every other journey run to its end, sending nothing twice', async () => {
    // Act
    const runs = new SfnWorkflowRuns(
      new SFNClient({ ...LOCAL_CLIENT, endpoint: stack.apiUrl }),
      stack.journeys.stateMachineArn,
    );
    for (const id of CUSTOMERS)
      expect(await runs.start(executionName(campaignId, id), { campaignId, customerId: id })).toBe('started');
    const sfn = await stack.stepFunctions();
    const journeys = new DynamoJourneyStore(db, stack.tables.journeys);
    // Executions end at the call schedule; the journeys when the call tasks are created.
    const deadline = Date.now() + 50_000;
    while (
      sfn.list().some((e) => e.status === 'RUNNING') ||
      (await journeys.page(campaignId)).items.some((j) => j.status === 'active')
    ) {
      if (Date.now() > deadline) throw new Error('journeys still running');
      await new Promise((r) => setTimeout(r, 50));
    }

    // Assess: the failing journeys ended failed, with the error, their customers released
    const customers = new DynamoCustomerRepository(db, stack.tables.customers);
    const executions = new Map(sfn.list().map((e) => [e.name, e]));
    for (const id of FAILING) {
      expect(await journeys.get(campaignId, id)).toMatchObject({
        status: 'failed',
        exitReason: expect.stringMatching(/^InjectedFault: injected fault in SendSms/),
      });
      expect(executions.get(executionName(campaignId, id))).toMatchObject({
        status: 'FAILED',
        error: 'InjectedFault',
      });
      expect((await customers.get(id))?.journeys ?? []).not.toContain(campaignId);
    }
    // …every other journey ran to its end untouched
    for (const id of CUSTOMERS.filter((c) => !FAILING.includes(c))) {
      expect((await journeys.get(campaignId, id))?.status).toBe('completed');
      expect(executions.get(executionName(campaignId, id))?.status).toBe('SUCCEEDED');
    }
    // …nothing is left running or active
    expect(sfn.list().filter((e) => e.status === 'RUNNING')).toEqual([]);
    const page = await journeys.page(campaignId);
    expect(page.items.filter((j) => j.status === 'active')).toEqual([]);

    // No message twice: one email each; an SMS for each journey that got past the step, none else
    const inbox = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    for (const id of CUSTOMERS)
      expect(inbox.emails.filter((e) => e.destination.to.includes(`${id}@example.com`))).toHaveLength(1);
    expect(stack.aws.sms).toHaveLength(CUSTOMERS.length - FAILING.length);
    const ledger = new DynamoSendLedger(db, stack.tables.sends);
    for (const id of FAILING) expect(await ledger.get(id, campaignId, 'sms')).toBeUndefined();

    // The report counts them under failed
    const report = await api(stack)('GET', `/v1/campaigns/${campaignId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.journeys).toMatchObject({
      enrolled: CUSTOMERS.length,
      failed: FAILING.length,
      active: 0,
    });
    expect(Object.values(report.body.journeys.failures as Record<string, number>)).toEqual([FAILING.length]);
  }, 60_000);

  /** Creates and starts a campaign through the API, then waits until `done` holds (50 s at most). */
  const launchUntil = async (campaignId: string, done: () => Promise<boolean> | boolean) => {
    const call = api(stack);
    const created = await call('POST', '/v1/campaigns', {
      campaignId,
      name: campaignId,
      email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
      sms: { text: 'Hi' },
    });
    expect(created.status).toBe(201);
    expect((await call('POST', `/v1/campaigns/${campaignId}/start`)).status).toBe(202);
    const deadline = Date.now() + 50_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${campaignId}: timed out waiting`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('keeps why a campaign run stopped on the campaign and fails the run, for operators to see', async () => {
    // Prepare / Act: a campaign whose launch fails at its first step on every attempt
    const call = api(stack);
    const sfn = await stack.stepFunctions();
    const launch = () => sfn.list().find((e) => e.name === 'launch-doomed');
    await launchUntil('doomed', () => launch()?.status === 'FAILED');

    // Assess: the error on the campaign (the marketer's view) and on the run (the operators')
    const campaign = await call('GET', '/v1/campaigns/doomed');
    expect(campaign.body.runFailure).toMatchObject({
      run: 'launch',
      reason: expect.stringMatching(/^InjectedFault: injected fault in PrepareLaunch/),
    });
    expect(launch()).toMatchObject({ error: 'InjectedFault' });
  }, 60_000);

  it("records a failed completion check and checks again later, so the campaign's run goes on", async () => {
    // Prepare / Act: a campaign whose completion checks fail on every attempt
    const call = api(stack);
    await launchUntil('checked', async () =>
      Boolean((await call('GET', '/v1/campaigns/checked')).body.runFailure),
    );
    const sfn = await stack.stepFunctions();
    const launch = () => sfn.list().find((e) => e.name === 'launch-checked');
    const before = launch()?.transitions ?? 0;
    await new Promise((r) => setTimeout(r, 2000)); // two days: the next checks come and fail again

    // Assess: recorded for the marketer, and the run still going (not failed), checking again
    expect((await call('GET', '/v1/campaigns/checked')).body.runFailure).toMatchObject({
      run: 'launch',
      reason: expect.stringMatching(/^InjectedFault: injected fault in CheckCampaign/),
    });
    expect(launch()?.status).toBe('RUNNING');
    expect(launch()?.transitions).toBeGreaterThan(before);
  }, 60_000);
});
