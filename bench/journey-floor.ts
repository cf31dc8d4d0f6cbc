/**
 * `npm run bench:floor`: the least CPU a journey can cost on the local stack, from what a call to
 * its emulators costs on this machine — the emulator's work and the handlers' own SDK client's
 * (signing, serialising, HTTP), both in the stack's one process — the floor under
 * `bench:campaign`'s time, whatever the journeys' own code does. Each figure is CPU per call,
 * measured with `--callers` (default 16, the stack's Lambda concurrency on 2 cores) calls in
 * flight, through the clients the handlers use:
 *  - DynamoDB: GetItem, conditional UpdateItem, conditional PutItem and Query against dynalite;
 *  - SES v2 SendEmail against aws-ses-v2-local (the other providers' calls — StartExecution, SNS
 *    Publish, CreateSchedule — are HTTP calls of the same size to the same kind of server);
 *  - Step Functions: a state entered by aws-local-stepfunctions (a chain of Pass states).
 *
 * The floor counts the fewest calls a journey that keeps the guarantees can make, not the
 * calls ours makes (`bench:campaign --json` counts those): launch — claim the customer, write the
 * journey record; each of its three steps (email, SMS, call) — read the campaign (cancel and pause
 * are final), read the customer (consent, suppression, frequency caps), take a slot of the
 * channel's rate or the managers' capacity, record the step; the end — release the customer (the
 * cooldown), close the record. That is 16 DynamoDB requests (6 GetItem, 9 UpdateItem, 1 PutItem;
 * the Query is measured for the frequency caps' reads, not counted), 4 provider calls (StartExecution,
 * SendEmail, Publish, CreateSchedule) and at least 12 states entered. It then prints how long
 * `--journeys` (default 100,000) such journeys take at that floor on one core, against the
 * `--budget-minutes` (default 15) of the bench:campaign target.
 *
 * Exit 0 always (a measurement, not a check); 2 for bad flags.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createDynamoClient, createSesClient } from '../functions/shared/aws-clients.js';
import { fmt } from '../lib/cli/output.js';
import { startLocalDynamo } from '../lib/local/local-dynamodb.js';
// The local runtime's module: it polyfills what aws-local-stepfunctions needs on Node 20.
import '../lib/local/local-step-functions.js';
import { StateMachine } from 'aws-local-stepfunctions';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'usage: npm run bench:floor -- [--callers N] [--calls N] [--journeys N] [--budget-minutes M]';
const values = (() => {
  try {
    return parseArgs({
      options: {
        callers: { type: 'string', default: '16' },
        calls: { type: 'string', default: '10000' },
        journeys: { type: 'string', default: '100000' },
        'budget-minutes': { type: 'string', default: '15' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
const [callers, calls, journeys, budgetMinutes] = [
  Number(values.callers),
  Number(values.calls),
  Number(values.journeys),
  Number(values['budget-minutes']),
];
if (![callers, calls, journeys, budgetMinutes].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(USAGE);
  process.exit(2);
}

/** The fewest calls of a journey that keeps the guarantees (see the header). */
const LEAST_PER_JOURNEY = { GetItem: 6, UpdateItem: 9, PutItem: 1, providers: 4, states: 12 };
const TABLE = 'floor-bench';
const ITEMS = 2_000;

/** CPU µs per call of `call(i)`, `calls` calls with `callers` in flight. */
async function cpuPerCall(call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await call(i); // warm: connections open, code compiled
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < calls) await call(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / calls;
}

const dynamo = await startLocalDynamo({ port: 0 });
const sesLocal = (createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local'))
  .default;
const sesServer = await sesLocal({ host: '127.0.0.1', port: 0 });
// As the local stack sets them for the handlers: the same clients, signing as in AWS.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}`,
});
const db = createDynamoClient();
const ses = createSesClient();
try {
  await db.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // Items the size of a customer or journey record (≈ 400 bytes).
  const item = (i: number) => ({
    pk: { S: `customer#${i % ITEMS}` },
    sk: { S: 'profile' },
    email: { S: `customer${i}@example.com` },
    consent: { M: { email: { BOOL: true }, sms: { BOOL: true } } },
    notes: { S: 'x'.repeat(300) },
    sends: { N: '0' },
  });
  for (let i = 0; i < ITEMS; i++) await db.send(new PutItemCommand({ TableName: TABLE, Item: item(i) }));
  const key = (i: number) => ({ pk: { S: `customer#${i % ITEMS}` }, sk: { S: 'profile' } });

  let records = 0;
  const dynamodb = {
    GetItem: await cpuPerCall((i) => db.send(new GetItemCommand({ TableName: TABLE, Key: key(i) }))),
    UpdateItem: await cpuPerCall((i) =>
      db.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: key(i),
          UpdateExpression: 'SET sends = sends + :one',
          ConditionExpression: 'attribute_exists(pk) AND sends < :most',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':most': { N: '1000000' } },
        }),
      ),
    ),
    // Each put a new record, as a journey's are (the warm-up's calls take the same numbers).
    PutItem: await cpuPerCall(() =>
      db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...item(0), pk: { S: `journey#${records++}` } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),
    Query: await cpuPerCall((i) =>
      db.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: `customer#${i % ITEMS}` } },
        }),
      ),
    ),
  };

  const sendEmail = await cpuPerCall((i) =>
    ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: [`customer${i}@example.com`] },
        Content: {
          Simple: {
            Subject: { Data: 'We miss you' },
            Body: { Text: { Data: 'A word from the shop you bought from.' } },
          },
        },
      }),
    ),
  );

  const STATES = 50;
  const states = Object.fromEntries(
    Array.from({ length: STATES }, (_, s) => [
      `S${s}`,
      s + 1 < STATES
        ? { Type: 'Pass' as const, Next: `S${s + 1}` }
        : { Type: 'Pass' as const, End: true as const },
    ]),
  );
  const machine = new StateMachine(
    { StartAt: 'S0', States: states },
    { validationOptions: { noValidate: true } },
  );
  const perExecution = await cpuPerCall((i) => machine.run({ customerId: `c${i}`, step: 'email' }).result);
  const perState = perExecution / STATES;

  const least = LEAST_PER_JOURNEY;
  const requests = least.GetItem + least.UpdateItem + least.PutItem;
  const floorUs =
    least.GetItem * dynamodb.GetItem +
    least.UpdateItem * dynamodb.UpdateItem +
    least.PutItem * dynamodb.PutItem +
    least.providers * sendEmail +
    least.states * perState;
  const floorSeconds = (journeys * floorUs) / 1e6;
  const us = (n: number) => `${fmt(n, 0)} µs`;
  console.log(`CPU per call on this machine, ${fmt(callers, 0)} in flight, ${fmt(calls, 0)} calls each:`);
  console.log(
    `  DynamoDB (dynalite)    GetItem ${us(dynamodb.GetItem)}, UpdateItem ${us(dynamodb.UpdateItem)}, PutItem ${us(dynamodb.PutItem)}, Query ${us(dynamodb.Query)}`,
  );
  console.log(`  SES v2 SendEmail       ${us(sendEmail)} (aws-ses-v2-local)`);
  console.log(`  Step Functions         ${us(perState)} a state entered (aws-local-stepfunctions)`);
  console.log(
    `Least a journey can do: ${requests} DynamoDB requests (${least.GetItem} GetItem, ${least.UpdateItem} UpdateItem, ${least.PutItem} PutItem), ${least.providers} provider calls, ${least.states} states`,
  );
  console.log(`  = ${fmt(floorUs / 1000, 1)} ms of CPU per journey at the least`);
  console.log(
    `${fmt(journeys, 0)} journeys: ≥ ${fmt(floorSeconds, 0)} s of CPU (${fmt(floorSeconds / 60, 1)} min) on one core, against a budget of ${fmt(budgetMinutes, 0)} min (${fmt((budgetMinutes * 60e6) / journeys / 1000, 1)} ms a journey)`,
  );
} finally {
  db.destroy();
  ses.destroy();
  await dynamo.close();
  await new Promise((resolve) => sesServer.close(resolve));
}
