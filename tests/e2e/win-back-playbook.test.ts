/**
 * The win-back playbook through the API on the local stack (a day per second): a code pool
 * uploaded from a shop's CSV export, a campaign that claims from it and asks why customers left;
 * the preview warns that the pool is too small, each email carries a code of its own and the
 * reasons, a reason clicked without credentials ends the journey, an order with a code is
 * attributed, and the report counts it all.
 */
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItem } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import type { JourneyRecord } from '../../functions/domain/journey/journey.js';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { api, startTestStack } from '../support/local-stack.js';

const DAY = 86_400_000;
const CUSTOMERS = Array.from({ length: 6 }, (_, i) => `pb-${i}`);
const POOL = ['SPRING-7KQ2', 'SPRING-X3HD', 'SPRING-M9PA', 'SPRING-W4TN'];

describe('The win-back playbook on the local stack', () => {
  let stack: LocalStack & { dataDir: string };
  let call: ReturnType<typeof api>;
  let db: DynamoDBClient;

  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 86_400 });
    call = api(stack);
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  const emails = async () =>
    (
      (await (await fetch(`${stack.sesUrl}/store`)).json()) as {
        emails: { destination: { to: string[] }; body: { text: string } }[];
      }
    ).emails.filter((e) => e.destination.to.some((to) => to.startsWith('pb-')));
  const journeys = async () => {
    const all: JourneyRecord[] = [];
    for await (const page of new DynamoJourneyStore(db, stack.tables.journeys).list('playbook'))
      all.push(...page);
    return all;
  };
  const until = async (what: () => Promise<boolean>, realMs = 60_000) => {
    const deadline = Date.now() + realMs;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('claims a code per customer from an uploaded pool, asks why, attributes a redemption, and reports it', async () => {
    // Prepare: customers whose churn moment is two days away, and a pool of 4 codes for 6 of them
    const customers = CUSTOMERS.map((customerId) => ({
      customerId,
      email: `${customerId}@example.com`,
      firstName: 'Sam',
      timeZone: 'Europe/Berlin',
      consent: { email: true, sms: false },
    }));
    expect((await call('POST', '/v1/customers/batch', { customers })).status).toBe(200);
    const churnMomentOn = new Date(stack.clock.now() + 2 * DAY).toISOString().slice(0, 10);
    await db.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [stack.tables.scores]: CUSTOMERS.map((customerId) => ({
            PutRequest: {
              Item: toItem({
                customerId,
                churnMomentOn,
                pAlive: 0.3,
                clv365Days: 120,
                lapsedCategories: ['tea'],
              }),
            },
          })),
        },
      }),
    );
    const expiresOn = new Date(stack.clock.now() + 60 * DAY).toISOString().slice(0, 10);
    const csv = `Code,Usage Count\n${POOL.map((c) => `${c},0`).join('\n')}\n`;
    const bad = await call('PUT', '/v1/code-pools/spring', { expiresOn, csv: 'Code\nAAA1\naaa1\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { pointer: '/csv', line: 3, reasons: ["'aaa1' is a duplicate of line 2"] },
    ]);
    const pool = await call('PUT', '/v1/code-pools/spring', { expiresOn, csv });
    expect(pool.status).toBe(201);
    expect(pool.body).toMatchObject({ size: 4, remaining: 4 });
    const campaign = {
      campaignId: 'playbook',
      name: 'Playbook',
      leadDays: 0,
      holdoutPercent: 0,
      audience: { horizonDays: 30 },
      offer: { description: '20 % off', codes: { source: 'pool', poolId: 'spring' } },
      survey: { reasons: ['price', 'quality', 'other'] },
      email: {
        subject: 'We miss you, {{firstName}}',
        html: '<p>{{offer}} with {{offerCode}}, until {{offerExpiresOn}}</p>',
        text: '{{offer}} with code {{offerCode}} ({{lapsedCategory}})',
        responseWindowHours: 240,
      },
      sms: { text: '{{offer}} {{offerCode}}' },
    };
    const missing = await call('POST', '/v1/campaigns', {
      ...campaign,
      offer: { ...campaign.offer, codes: { source: 'pool', poolId: 'nowhere' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].pointer).toBe('/offer/codes/poolId');
    expect((await call('POST', '/v1/campaigns', campaign)).status).toBe(201);

    // Act 1: preview, then start
    const preview = await call('POST', '/v1/campaigns/playbook/preview');
    expect(preview.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'code-pool-too-small', count: 2 }),
    );
    expect((await call('POST', '/v1/campaigns/playbook/start')).status).toBe(202);
    await until(async () => {
      const all = await journeys();
      return (
        all.length === CUSTOMERS.length &&
        all.every((j) =>
          j.timeline.some((t) => t.step === 'email' && ['sent', 'skipped'].includes(t.outcome)),
        )
      );
    });

    // Assess 1: four emails, each with a pool code of its own, the lapsed category and the reasons
    const mail = await emails();
    expect(mail).toHaveLength(4);
    const codes = mail.map((m) => /with code (\S+) /.exec(m.body.text)?.[1]);
    expect([...codes].sort()).toEqual([...POOL].sort());
    expect(mail[0]?.body.text).toContain('(tea)');
    const skipped = (await journeys()).filter((j) =>
      j.timeline.some((t) => t.step === 'email' && t.reason === 'offer codes ran out'),
    );
    expect(skipped).toHaveLength(2);

    // Act 2: a reason clicked (no credentials), an order redeeming another customer's code
    await stack.clock.whileWorking(async () => {
      const first = mail[0] as (typeof mail)[number];
      const reasonLink = /(http\S+\/r\/[0-9a-f-]{36}\/quality)/.exec(first.body.text)?.[1] as string;
      // A GET (what a mail scanner sends) only asks to confirm; the button's POST answers.
      const page = await fetch(reasonLink);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Your answer: <strong>The quality</strong>');
      expect((await journeys()).find((j) => j.survey)).toBeUndefined();
      const answered = await fetch(reasonLink, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'note=the+seams+split',
      });
      expect(answered.status).toBe(200);
      expect(await answered.text()).toContain('You told us: The quality');
      expect((await journeys()).find((j) => j.survey)?.survey).toMatchObject({ note: 'the seams split' });
      const holder = (await journeys()).find((j) => j.offer?.code === codes[1]) as JourneyRecord;
      const order = {
        orderId: 'pb-order-1',
        customerId: holder.customerId,
        orderedAt: new Date(stack.clock.now()).toISOString(),
        amount: 60,
        promoCodes: [(codes[1] as string).toLowerCase()],
        discount: 12,
      };
      expect((await call('POST', '/v1/orders/batch', { orders: [order] })).status).toBe(200);
    });

    // Assess 2: the report
    const report = (await call('GET', '/v1/campaigns/playbook/report')).body;
    expect(report.offers).toMatchObject({
      codesGiven: 4,
      fellBack: { sharedCode: 0, noMessage: 2 },
      redemptions: 1,
      redeemedByOthers: 0,
      discountGiven: 12,
    });
    expect(report.cost.discounts).toBe(12);
    expect(report.leavingReasons).toEqual({ quality: { survey: 1, call: 0, total: 1 } });
    expect((await call('GET', '/v1/code-pools/spring')).body).toMatchObject({ claimed: 4, remaining: 0 });
  }, 180_000);
});
