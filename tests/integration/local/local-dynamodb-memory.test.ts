/**
 * The local stack keeps DynamoDB for runs of hours, so what each write and each read costs in
 * memory is what a campaign at scale costs the machine:
 *  - an item held in memory costs about its own size, not the 8 KB slab of Node's Buffer pool its
 *    encoder sliced it from (a 1,000-customer campaign held 29 MB of slabs for 4.8 MB of items);
 *  - a Query or Scan lets go of what it read once it has answered (dynalite left every cursor
 *    open, each holding the version of the data it was opened on: about 10 KB a read, in memory
 *    and on disk alike).
 * See lib/local/dynalite-storage.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const afterGc = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage();
};

describe('the local DynamoDB in memory', () => {
  let fixture: DynamoFixture;
  beforeAll(async () => {
    fixture = await startDynamoFixture();
  });
  afterAll(() => fixture.close());

  it('holds each stored item in memory of its own size', async () => {
    const tables = await fixture.freshTables();
    const items = 3_000;
    const before = afterGc().arrayBuffers;

    // One write at a time, as journeys write: each request's own buffers come from the same pool.
    for (let i = 0; i < items; i++)
      await fixture.putItem(tables.journeys, {
        campaignId: `c-${i % 7}`,
        customerId: `customer-${i}`,
        status: 'active',
        note: 'x'.repeat(150),
      });
    const grown = afterGc().arrayBuffers - before;

    // 250 bytes an item measured (its key and value); 4,100 when pool slabs were kept alive.
    expect(grown / items).toBeLessThan(1_000);
    expect(
      await fixture.getItem(tables.journeys, { campaignId: 'c-3', customerId: 'customer-2999' }),
    ).toMatchObject({
      status: 'active',
    });
  }, 60_000);
});

describe.each([
  ['in memory', () => ({})],
  ['on disk', () => ({ path: mkdtempSync(join(tmpdir(), 'reactivate-dynamo-')) })],
])('the local DynamoDB %s', (_store, options: () => { path?: string }) => {
  let fixture: DynamoFixture;
  const store = options();
  beforeAll(async () => {
    fixture = await startDynamoFixture(store);
  });
  afterAll(async () => {
    await fixture.close();
    if (store.path) rmSync(store.path, { recursive: true, force: true });
  });

  it('lets go of what each Query and Scan read once it has answered', async () => {
    const tables = await fixture.freshTables();
    const key = (i: number) => ({ campaignId: 'spring', customerId: `customer-${i}` });
    for (let i = 0; i < 100; i++) await fixture.putItem(tables.journeys, { ...key(i), status: 'waiting' });
    const reads = 1_500;
    const query = new QueryCommand({
      TableName: tables.journeys,
      KeyConditionExpression: 'campaignId = :c',
      ExpressionAttributeValues: { ':c': { S: 'spring' } },
      Limit: 5,
    });
    // A journey's day: its record changes, then a page of records is read (a Query, a Scan).
    const readWhileWriting = async () => {
      for (let i = 0; i < reads; i++) {
        await fixture.putItem(tables.journeys, {
          ...key(i % 100),
          status: `step-${i}`,
          note: 'x'.repeat(200),
        });
        await fixture.db.send(
          i % 10 === 0 ? new ScanCommand({ TableName: tables.journeys, Limit: 5 }) : query,
        );
      }
    };
    await readWhileWriting(); // the first round also compiles and caches what any round needs
    const before = afterGc();
    await readWhileWriting();
    const after = afterGc();
    const grown = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;

    // Measured: about 0 in memory, 100 bytes on disk; with the cursors left open 10,000 and 3,000
    // (on disk, LevelDB's own memory grows besides: 90 MB of RSS for 3,000 reads).
    expect(grown / reads).toBeLessThan(500);
  }, 60_000);
});
