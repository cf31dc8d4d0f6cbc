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
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoSendLedger } from '../../functions/adapters/dynamodb-send-ledger.js';
import { SfnJourneyRuns } from '../../functions/adapters/sfn-journey-runs.js';
import { campaignSettingsSchema } from '../../functions/domain/journey/campaign.js';
import { executionName } from '../../functions/domain/journey/journey-rules.js';
import { isInWindow, wallClock } from '../../functions/domain/journey/send-window.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { api, startTestStack } from '../support/local-stack.js';

const DAY = 86_400_000;
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

describe('Journeys on the local stack (a day per second)', () => {
  let stack: LocalStack & { dataDir: string };
  let call: ReturnType<typeof api>;
  let db: DynamoDBClient;
  let runs: SfnJourneyRuns;
  const campaignId = 'spring-winback';

  const customer = (id: string, timeZone: string, consent = { email: true, sms: true }) => ({
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
    db = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    runs = new SfnJourneyRuns(
      new SFNClient({
        endpoint: stack.apiUrl,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      process.env.JOURNEY_STATE_MACHINE_ARN as string,
    );
    const customers = [
      customer('silent', NEW_YORK),
      customer('buyer', NEW_YORK),
      customer('quitter', TOKYO),
      customer('email-only', TOKYO, { email: true, sms: false }),
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
    await new DynamoCampaignStore(db, stack.tables.campaigns).create({
      campaignId,
      status: 'running',
      createdAt: now,
      updatedAt: now,
      ...campaignSettingsSchema.parse({
        name: 'Spring win-back',
        leadDays: 0,
        holdoutPercent: 0,
        offer: { description: '15% off your next order', code: 'BACK15' },
        email: {
          subject: 'We miss you, {{firstName}}',
          html: '<p>Hi {{firstName}}, {{offer}}: <a href="{{link}}">shop now</a></p>',
          text: 'Hi {{firstName}}, {{offer}}: {{link}}',
        },
        sms: { text: '{{offer}} with code {{offerCode}}' },
      }),
    });
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
    const orderedAt = new Date(stack.clock.now()).toISOString();
    expect(
      (
        await call('POST', '/v1/orders/batch', {
          orders: [{ orderId: 'o-1', customerId: 'buyer', orderedAt, amount: 40, currency: 'USD' }],
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', '/v1/events', { customerId: 'quitter', type: 'unsubscribe' })).body).toEqual({
      customerId: 'quitter',
      ended: [campaignId],
    });
    const sfn = await stack.stepFunctions();
    await until(() => sfn.list().every((e) => e.status !== 'RUNNING'));
    await until(async () => (await call('GET', '/v1/call-tasks')).body.tasks.length >= 2);
    await new Promise((r) => setTimeout(r, 3000)); // three more days: nothing else may happen

    // Assess: messages
    for (const id of ids) expect(await inbox(`${id}@example.com`)).toHaveLength(1);
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
    // …and the SMS only after the email's 72-hour response window
    expect(
      Date.parse(silentSms?.sentAt as string) - Date.parse(silentEmail?.sentAt as string),
    ).toBeGreaterThanOrEqual(3 * DAY);
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
    // A fully escalated journey stays within 15 state transitions.
    expect(executions.get(executionName(campaignId, 'silent'))?.transitions).toBeLessThanOrEqual(15);
  }, 60_000);
});
