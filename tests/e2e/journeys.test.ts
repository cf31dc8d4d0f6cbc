/**
 * Journeys on the local stack, from the synthesized state machine, with time running a day per
 * second: each customer is reached by email, then SMS, then a manager call — each inside its
 * window in the customer's own zone — unless they respond, and nothing ever goes out twice.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoSendLedger } from '../../functions/adapters/dynamodb-send-ledger.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { isInWindow, wallClock } from '../../functions/domain/journey/send-window.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { runningCampaign } from '../support/campaigns.js';
import { api, startTestStack } from '../support/local-stack.js';

const DAY = 86_400_000;
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

describe('Journeys on the local stack (a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let call: ReturnType<typeof api>;
  let db: DynamoDBClient;
  let runs: SfnWorkflowRuns;
  const campaignId = 'spring-winback';

  const customerOf = (id: string, timeZone = NEW_YORK, consent = { email: true, sms: true }) => ({
    customerId: id,
    email: `${id}@example.com`,
    phone: '+14155552671',
    firstName: 'Kim',
    timeZone,
    consent,
  });

  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400 });
    call = api(stack);
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    runs = new SfnWorkflowRuns(
      new SFNClient({ ...LOCAL_CLIENT, endpoint: stack.apiUrl }),
      stack.journeys.stateMachineArn,
    );
    const customers = [
      customerOf('silent', NEW_YORK),
      customerOf('buyer', NEW_YORK),
      customerOf('quitter', TOKYO),
      customerOf('email-only', TOKYO, { email: true, sms: false }),
    ];
    expect((await call('POST', '/v1/customers/batch', { customers })).status).toBe(200);
    // Everyone's predicted churn moment is today: the email is due at once (inside the window).
    const today = new Date(stack.clock.now()).toISOString().slice(0, 10);
    for (const c of customers)
      await db.send(
        new PutItemCommand({
          TableName: stack.tables.scores,
          Item: toItem({ customerId: c.customerId, churnMomentOn: today, lapsedCategories: ['garden'] }),
        }),
      );
    const now = new Date(stack.clock.now()).toISOString();
    await new DynamoCampaignStore(db, stack.tables.campaigns).create(
      runningCampaign(
        campaignId,
        {
          name: 'Spring win-back',
          leadDays: 0,
          holdoutPercent: 0,
          offer: { description: '15% off your next order', code: 'BACK15' },
          email: {
            subject: 'We miss you, {{firstName}}',
            html: '<p>Hi {{firstName}}, {{offer}}: <a href="{{link}}">shop now</a></p>',
            text: 'Hi {{firstName}}, {{offer}}: {{link}}',
            // Five days (five seconds here) between the email and the SMS: room for a busy machine
            // between the email landing and the test seeing it.
            responseWindowHours: 120,
          },
          sms: { text: '{{offer}} with code {{offerCode}}' },
        },
        now,
      ),
    );
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  const inbox = async (to: string) => {
    const store = (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
      emails: { destination: { to: string[] }; subject: string }[];
    };
    return store.emails.filter((e) => e.destination.to.includes(to));
  };
  const until = async (what: () => Promise<boolean> | boolean, realMs = 30_000) => {
    const deadline = Date.now() + realMs;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const journey = (id: string) => new DynamoJourneyStore(db, stack.tables.journeys).get(campaignId, id);
  const ledger = () => new DynamoSendLedger(db, stack.tables.sends);

  it('runs every journey to its end: one email, one SMS, one call task for the silent one; responses stop the rest', async () => {
    // Act: start all journeys, and start one of them twice (a retried start)
    const ids = ['silent', 'buyer', 'quitter', 'email-only'];
    const started = await Promise.all(
      ids.map((id) => runs.start(executionName(campaignId, id), { campaignId, customerId: id })),
    );
    expect(started).toEqual(['started', 'started', 'started', 'started']);
    expect(await runs.start(executionName(campaignId, 'silent'), { campaignId, customerId: 'silent' })).toBe(
      'started',
    );

    // The buyer buys after the email; the quitter unsubscribes after it.
    await until(
      async () =>
        (await inbox('buyer@example.com')).length === 1 && (await inbox('quitter@example.com')).length === 1,
    );
    // The clock stands still while they respond, as it does while any step runs: however slow the
    // machine, both respond on the day their email came.
    await stack.clock.whileWorking(async () => {
      const orderedAt = new Date(stack.clock.now()).toISOString();
      expect(
        (
          await call('POST', '/v1/orders/batch', {
            orders: [{ orderId: 'o-1', customerId: 'buyer', orderedAt, amount: 40, currency: 'USD' }],
          })
        ).status,
      ).toBe(200);
      expect((await call('POST', '/v1/events', { customerId: 'quitter', type: 'unsubscribe' })).body).toEqual(
        {
          customerId: 'quitter',
          ended: [campaignId],
        },
      );
    });
    const sfn = await stack.stepFunctions();
    await until(() => sfn.list().every((e) => e.status !== 'RUNNING'));
    await until(async () => (await call('GET', '/v1/call-tasks')).body.tasks.length >= 2);
    await new Promise((r) => setTimeout(r, 3000)); // three more days: nothing else may happen

    // Assess: messages
    for (const id of ids) expect(await inbox(`${id}@example.com`)).toHaveLength(1);
    // Who got an SMS, by the ledger (every test customer shares one phone number).
    const smsSent = [];
    for (const id of ids)
      if ((await ledger().get(id, campaignId, 'sms'))?.status === 'sent') smsSent.push(id);
    const timelines = await Promise.all(ids.map(async (id) => [id, (await journey(id))?.timeline]));
    expect(smsSent, JSON.stringify({ sms: stack.aws.sms, timelines })).toEqual(['silent']);
    expect(stack.aws.sms).toHaveLength(1);
    expect(stack.aws.sms[0]?.message).toBe('15% off your next order with code BACK15 Reply STOP to opt out.');
    const tasks = (await call('GET', '/v1/call-tasks')).body.tasks as {
      customerId: string;
      context: Record<string, unknown>;
    }[];
    expect(tasks.map((t) => t.customerId).sort()).toEqual(['email-only', 'silent']);
    expect(tasks.find((t) => t.customerId === 'silent')?.context).toMatchObject({
      offer: { code: 'BACK15' },
      lapsedCategories: ['garden'],
      sent: { email: { status: 'sent' }, sms: { status: 'sent' } },
    });

    // Each message inside its window, in the customer's own zone
    const silentEmail = await ledger().get('silent', campaignId, 'email');
    const silentSms = await ledger().get('silent', campaignId, 'sms');
    expect(
      isInWindow(new Date(silentEmail?.sentAt as string), { start: '09:00', end: '20:00' }, NEW_YORK),
    ).toBe(true);
    expect(
      isInWindow(new Date(silentSms?.sentAt as string), { start: '08:00', end: '21:00' }, NEW_YORK),
    ).toBe(true);
    // …and the SMS only after the email's response window
    expect(
      Date.parse(silentSms?.sentAt as string) - Date.parse(silentEmail?.sentAt as string),
    ).toBeGreaterThanOrEqual(5 * DAY);
    const silentCall = (await journey('silent'))?.timeline.find((t) => t.step === 'call-task');
    const callAt = wallClock(Date.parse(silentCall?.at as string), 'UTC');
    expect(callAt.weekday).toBeLessThanOrEqual(5);
    expect(callAt.minutes).toBeGreaterThanOrEqual(9 * 60);

    // Responses: recorded, the executions stopped, nothing after them
    expect(await journey('buyer')).toMatchObject({ status: 'ended', exitReason: 'purchase' });
    expect(await journey('quitter')).toMatchObject({ status: 'ended', exitReason: 'unsubscribe' });
    expect(await journey('silent')).toMatchObject({ status: 'completed' });
    const executions = new Map(sfn.list().map((e) => [e.name, e]));
    expect(executions.size).toBe(4);
    expect(executions.get(executionName(campaignId, 'buyer'))?.status).toBe('ABORTED');
    expect(executions.get(executionName(campaignId, 'silent'))?.status).toBe('SUCCEEDED');
    // A fully escalated journey: start, enrolled?, then wait and step for email, SMS and call, with
    // a choice after each message — 10 state transitions (Step Functions bills each one).
    expect(executions.get(executionName(campaignId, 'silent'))?.transitions).toBe(10);
  }, 60_000);

  it("lets managers filter their queue, take a task and record the call's outcome once", async () => {
    const open = (await call('GET', '/v1/call-tasks')).body.tasks as { taskId: string; customerId: string }[];
    const task = open.find((t) => t.customerId === 'silent') as { taskId: string };
    expect(task).toBeDefined();
    const path = `/v1/call-tasks/${encodeURIComponent(task.taskId)}`;

    // The queue: filtered by assignee and due time; unknown or malformed filters are refused.
    expect((await call('POST', `${path}/assign`, { assignee: 'm-7' })).body.assignee).toBe('m-7');
    const mine = (await call('GET', '/v1/call-tasks?assignee=m-7')).body.tasks as { taskId: string }[];
    expect(mine.map((t) => t.taskId)).toEqual([task.taskId]);
    expect((await call('GET', '/v1/call-tasks?dueBefore=2000-01-01T00:00:00Z')).body.tasks).toEqual([]);
    expect((await call('GET', '/v1/call-tasks?status=later')).status).toBe(400);
    expect((await call('GET', '/v1/call-tasks?colour=red')).status).toBe(400);

    // An outcome that contradicts itself is refused, naming the field.
    const refused = await call('POST', `${path}/outcome`, { reached: false, result: 'reactivated' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toMatch(/result/);

    const outcome = {
      reached: true,
      result: 'left',
      leavingReason: 'price',
      note: 'Found the same for less.\nMight come back for the winter range.',
      by: 'm-7',
    };
    const closed = await call('POST', `${path}/outcome`, outcome);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'done', outcome });
    // A retried request answers the same; a different outcome does not overwrite the first.
    expect((await call('POST', `${path}/outcome`, outcome)).status).toBe(200);
    expect((await call('POST', `${path}/outcome`, { ...outcome, result: 'not-interested' })).status).toBe(
      409,
    );
    expect((await call('POST', '/v1/call-tasks/no-such-task/outcome', outcome)).status).toBe(404);
    expect((await call('POST', `${path}/call-back`, {})).status).toBe(404);
    const done = (await call('GET', '/v1/call-tasks?status=done')).body.tasks as { taskId: string }[];
    expect(done.map((t) => t.taskId)).toContain(task.taskId);
    // m-7 reached the customer: their next win-back call goes to someone else.
    expect(
      (await new DynamoCustomerRepository(db, stack.tables.customers).get('silent'))?.previousContact,
    ).toEqual({
      managerId: 'm-7',
      at: closed.body.outcome.recordedAt,
    });
  });
});
