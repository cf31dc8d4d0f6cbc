import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT } from '../../lib/local/local-client.js';
import type { LocalStack } from '../../lib/local/local-stack.js';
import { findLocalStack } from '../../lib/local/stack-descriptor.js';
import { reactivateCli } from '../support/cli.js';
import { api, startTestStack } from '../support/local-stack.js';
import { spawnStack } from '../support/stack-process.js';

/** Polls the stack's orders table until the import has written to it (or 30 s pass). */
async function untilSomeOrderLands(dataDir: string): Promise<void> {
  const stack = findLocalStack(dataDir);
  const client = new DynamoDBClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  try {
    for (let i = 0; i < 300; i++) {
      const page = await client.send(new ScanCommand({ TableName: stack.tables.orders, Limit: 1 }));
      if (page.Items?.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the import wrote no order within 30 s');
  } finally {
    client.destroy();
  }
}

/** Runs the real CLI against a stack found through its data folder, as a user's would be. */
const reactivate = (dataDir: string, ...args: string[]) => reactivateCli('--data-dir', dataDir, ...args);

describe('CLI: reactivate import', () => {
  let stack: LocalStack & { dataDir: string };
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    stack = await startTestStack();
    call = api(stack);
  });
  afterAll(() => stack.close());

  it('lands every good row of a dirty file, reports each bad row once by line, and changes nothing on a re-run', async () => {
    // Prepare
    const customers = join(stack.dataDir, 'customers.csv');
    const orders = join(stack.dataDir, 'orders.csv');
    writeFileSync(
      customers,
      Buffer.concat([
        Buffer.from(
          [
            'customer_id,email,phone,first_name,time_zone,locale,email_opt_in,sms_opt_in,tier',
            'k1,k1@example.com,+14155552671,Kim,America/Chicago,en-US,true,true,gold', // 2
            'k2,not-an-email,,Lee,,,1,0,', // 3 bad email
            'k3,k3@example.com,555-0100,Max,,,1,0,', // 4 bad phone
            'k4,k4@example.com,,Ned,Atlantis/Deep,,1,0,', // 5 unknown zone
            'k5,k5@example.com,,Oda,,,yes,no,silver', // 6
            'k6,k6@example.com,,',
          ].join('\n'),
        ),
        Buffer.from([0xff, 0xfe]), // 7: invalid UTF-8
        Buffer.from(`,,,,,\nk7,${'x'.repeat(10 * 1024 * 1024)}\n`), // 8: a 10 MB line
        Buffer.from('k8,k8@example.com,,Pia,,,0,0,\n'), // 9
      ]),
    );
    writeFileSync(
      orders,
      [
        'order_id,customer_id,ordered_at,amount,currency,categories,status',
        'a1,k1,2026-01-10T09:00:00-06:00,25.50,USD,tea;cups,', // 2
        'a2,k1,not-a-date,10,USD,,', // 3
        'a3,k1,2026-02-01,-3,USD,,', // 4
        'a4,k1,2026-02-01,ten,USD,,', // 5
        'a5,k1,2026-02-01,5,ABC,,', // 6
        'a1,k5,2026-01-10T09:00:00-06:00,25.50,USD,,', // 7 duplicate id, other customer
        'a6,nobody,2026-02-01,5,USD,,', // 8 unknown customer
        'a7,k5,2026-03-01,12,EUR,tea,', // 9
        'a8,k5,2026-03-05,99,USD,,returned', // 10
      ].join('\n'),
    );

    // Act
    const args = ['import', '--customers', customers, '--orders', orders, '--json'];
    const first = await reactivate(stack.dataDir, ...args);
    const second = await reactivate(stack.dataDir, ...args);

    // Assess
    expect(first.code).toBe(1);
    const [c1, o1] = JSON.parse(first.stdout).files;
    expect(c1).toMatchObject({ rows: 8, accepted: 3, unchanged: 0, rejected: 5 });
    expect(c1.rejections.map((r: { line: number }) => r.line).sort()).toEqual([3, 4, 5, 7, 8]);
    expect(o1).toMatchObject({ rows: 9, accepted: 3, unchanged: 0, rejected: 6 });
    expect(o1.rejections.map((r: { line: number }) => r.line).sort()).toEqual([3, 4, 5, 6, 7, 8]);

    const [c2, o2] = JSON.parse(second.stdout).files;
    expect(second.code).toBe(1);
    expect(c2).toMatchObject({ accepted: 0, unchanged: 3, rejected: 5 });
    expect(o2).toMatchObject({ accepted: 0, unchanged: 3, rejected: 6 });

    const k5 = (await call('GET', '/v1/customers/k5')).body;
    expect(k5.purchases).toMatchObject({ orders: 1, spend: 13.2 });
    expect((await call('GET', '/v1/customers/k1')).body.purchases).toMatchObject({ orders: 1, spend: 25.5 });
  });

  it('refuses a file without a header with exit code 2 and writes nothing', async () => {
    // Prepare
    const orders = join(stack.dataDir, 'headless.csv');
    writeFileSync(orders, 'h1,k8,2026-01-01,10,USD,,\n');

    // Act
    const result = await reactivate(stack.dataDir, 'import', '--orders', orders);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 1: the header lacks order_id, customer_id, ordered_at, amount/);
    expect((await call('GET', '/v1/customers/k8')).body.purchases).toBeNull();
  });

  it('imports the CDNOW sample and prints a human summary', async () => {
    const result = await reactivate(
      stack.dataDir,
      'import',
      '--orders',
      'data/cdnow/CDNOW_sample.txt',
      '--format',
      'cdnow',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/6,919 rows .* 6,919 accepted, 0 unchanged, 0 rejected/);
  });

  it('says how to start the stack when none is running', async () => {
    const result = await reactivate(
      join(stack.dataDir, 'elsewhere'),
      'import',
      '--orders',
      'data/cdnow/CDNOW_sample.txt',
      '--format',
      'cdnow',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no local stack is running .*npm start/);
  });
});

describe('CLI: reactivate import when the stack goes away', () => {
  it('stops with exit code 2 and says that re-running finishes the job; the stack still stops cleanly', async () => {
    // Prepare: a stack of its own, as a user runs it, stopped with Ctrl-C during a CDNOW import
    const stack = spawnStack(['--api-port', '0']);
    await stack.ready();
    const pending = reactivate(
      stack.dataDir,
      'import',
      '--orders',
      'data/cdnow/CDNOW_master.txt',
      '--format',
      'cdnow',
    );
    await untilSomeOrderLands(stack.dataDir);

    // Act
    stack.child.kill('SIGINT');
    const [result, stackCode] = await Promise.all([pending, stack.exited]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /the import stopped: .*Every row written so far is complete; run the same command again to finish/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(stackCode).toBe(0);
    expect(stack.output()).not.toMatch(/Database is closed/);
  });
});
