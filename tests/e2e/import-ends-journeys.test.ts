/**
 * `reactivate import` against a running stack ends journeys like the API does: a purchase made
 * after a journey began ends it at once (execution stopped); an old order imported later ends
 * nothing. Real time here: the CLI checks order dates against the real clock.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { reactivateCli } from '../support/cli.js';
import { api, startTestStack } from '../support/local-stack.js';

describe('CLI: reactivate import ends journeys', () => {
  let stack: LocalStack & { dataDir: string };
  let db: DynamoDBClient;
  const campaignId = 'autumn-import';

  beforeAll(async () => {
    stack = await startTestStack({ timeScale: 1 });
    db = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    const now = new Date().toISOString();
    await new DynamoCampaignStore(db, stack.tables.campaigns).create(
      runningCampaign(
        campaignId,
        {
          name: 'Autumn',
          leadDays: 0,
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
          sms: { text: 'Hi' },
        },
        now,
      ),
    );
  }, 60_000);
  afterAll(async () => {
    db.destroy();
    await stack.close();
  });

  const journey = (id: string) => new DynamoJourneyStore(db, stack.tables.journeys).get(campaignId, id);
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  /** A customer whose journey waits three weeks for its email. */
  const waiting = async (customerId: string) => {
    const call = api(stack);
    const customer = {
      customerId,
      email: `${customerId}@example.com`,
      timeZone: 'UTC',
      consent: { email: true, sms: false },
    };
    expect((await call('POST', '/v1/customers/batch', { customers: [customer] })).status).toBe(200);
    const churnMomentOn = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await db.send(
      new PutItemCommand({ TableName: stack.tables.scores, Item: toItem({ customerId, churnMomentOn }) }),
    );
    const runs = new SfnWorkflowRuns(
      new SFNClient({ ...LOCAL_CLIENT, endpoint: stack.apiUrl }),
      stack.journeys.stateMachineArn,
    );
    await runs.start(executionName(campaignId, customerId), { campaignId, customerId });
    await until(
      async () =>
        (await journey(customerId))?.timeline.some((t) => t.outcome.startsWith('email due')) ?? false,
    );
  };
  const importOrders = async (rows: string[]) => {
    const file = join(stack.dataDir, `orders-${rows.length}-${Date.now()}.csv`);
    writeFileSync(file, `order_id,customer_id,ordered_at,amount,currency\n${rows.join('\n')}\n`);
    return reactivateCli('--data-dir', stack.dataDir, 'import', '--orders', file, '--json');
  };

  it('ends the journey of a customer who bought after it began, and not of one whose old order arrives late', async () => {
    await waiting('new-buyer');
    await waiting('old-order');
    const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const imported = await importOrders([
      `o-new,new-buyer,${new Date().toISOString()},35,USD`,
      `o-old,old-order,${old},20,USD`,
    ]);
    expect(imported.code, imported.stderr).toBe(0);

    expect(await journey('new-buyer')).toMatchObject({ status: 'ended', exitReason: 'purchase' });
    const sfn = await stack.stepFunctions();
    await until(
      async () =>
        sfn.list().find((e) => e.name === executionName(campaignId, 'new-buyer'))?.status === 'ABORTED',
    );
    expect(sfn.list().find((e) => e.name === executionName(campaignId, 'new-buyer'))?.status).toBe('ABORTED');

    expect(await journey('old-order')).toMatchObject({ status: 'active' });
    expect(sfn.list().find((e) => e.name === executionName(campaignId, 'old-order'))?.status).toBe('RUNNING');
  }, 60_000);
});
