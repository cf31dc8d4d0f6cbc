/**
 * `reactivate demo`: the whole product on this machine in about a minute. It starts the local
 * stack in memory, seeds a generated shop through the HTTP API, scores every customer, creates
 * and starts a campaign through the API, and lets time run fast (two days per second by
 * default) while simulated customers answer some messages — buying, clicking, unsubscribing,
 * replying — exactly as a shop's systems would report it. It ends when the campaign completes,
 * with each step's counts, a few timelines in the customers' own time, and the figures that
 * matter for cost: state transitions per journey.
 */

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { chunked } from '../../functions/adapters/dynamodb-batch.js';
import { DynamoCustomerPopulation } from '../../functions/adapters/dynamodb-customer-population.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../../functions/adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../../functions/adapters/dynamodb-score-store.js';
import type { LaunchSummary } from '../../functions/domain/journey/campaign.js';
import type { CampaignReport } from '../../functions/domain/journey/campaign-report.js';
import type { JourneyRecord } from '../../functions/domain/journey/journey.js';
import { localDateTime } from '../../functions/domain/journey/send-window.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import { scoreAllCustomers } from '../../functions/use-cases/score-customers.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { demoPopulation } from '../demo/population.js';
import { localApiClient } from '../local/local-api-client.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import type { LocalStack } from '../local/local-stack.js';
import { patientFetch } from '../local/patient-fetch.js';
import { UsageError } from './import-command.js';
import { countBar, type Output } from './output.js';

export interface DemoOptions {
  customers: number;
  /** Simulated days per real second once the campaign starts. */
  daysPerSecond: number;
  config?: StageConfig;
  host?: string;
  seed?: number;
  /** Leave the stack running afterwards (to read the inbox), until the process is stopped. */
  keep?: boolean;
  /** Reports progress lines (not in --json mode). */
  say?: (line: string) => void;
}

export interface DemoSummary {
  customers: number;
  orders: number;
  scored: number;
  launch: LaunchSummary;
  messages: { emails: number; sms: number; callTasks: number };
  /** Simulated responses sent in by the demo's customers, by kind. */
  responses: Record<string, number>;
  /** Journeys by how they ended (`completed`, or the exit reason). */
  outcomes: Record<string, number>;
  /** Emails or SMS that went to the same customer twice (must be 0). */
  duplicates: number;
  transitions: { max: number; mean: number; fullyEscalatedMax: number };
  /** Per started journey, from the campaign's start to its completion (launch included). */
  perJourney: { lambdaInvocations: number; dynamodbRequests: number };
  /** DynamoDB requests in that span by operation (the demo's own polling of the API included). */
  dynamodbRequests: Record<string, number>;
  simulatedDays: number;
  wallSeconds: number;
  timelines: { customerId: string; timeZone: string; entries: string[] }[];
  /** The campaign's report, as `GET /v1/campaigns/{id}/report` answers it. */
  report: CampaignReport;
  urls: { api: string; inbox: string };
}

const CAMPAIGN_ID = 'demo-winback';
const BATCH = 500;
/** Demo-sized pace: the local stack has no StartExecution quota to respect. */
const LOCAL_CALLS_PER_SECOND = 100;
/** A campaign that has not completed in this much real time has a problem worth reporting. */
const MAX_WALL_MS = 10 * 60_000;

const CAMPAIGN = {
  campaignId: CAMPAIGN_ID,
  name: 'Demo win-back',
  leadDays: 3,
  holdoutPercent: 10,
  audience: { horizonDays: 14 },
  offer: { description: '15% off your next order', code: 'COMEBACK15' },
  email: {
    subject: '{{firstName}}, we saved something for you',
    html: '<p>Hi {{firstName}},</p><p>It has been a while. Here is {{offer}} with code <b>{{offerCode}}</b>.</p><p><a href="{{link}}">Come back and shop</a></p>',
    text: 'Hi {{firstName}}, it has been a while. Here is {{offer}} with code {{offerCode}}: {{link}}',
    responseWindowHours: 72,
  },
  sms: { text: '{{firstName}}, {{offer}} with code {{offerCode}}', responseWindowHours: 48 },
};

/** Who answers what: a stable share of customers per channel, by a hash of their id. */
function answer(customerId: string, channel: 'email' | 'sms'): string | undefined {
  const bucket = createHash('sha256').update(`${channel}:${customerId}`).digest().readUInt16BE(0) % 100;
  if (channel === 'email')
    return bucket < 8 ? 'purchase' : bucket < 14 ? 'click' : bucket < 17 ? 'unsubscribe' : undefined;
  return bucket < 5 ? 'purchase' : bucket < 8 ? 'reply' : bucket < 10 ? 'sms-opt-out' : undefined;
}

export async function demoCommand(options: DemoOptions, out: Output): Promise<DemoSummary> {
  if (!Number.isInteger(options.customers) || options.customers < 10 || options.customers > 100_000)
    throw new UsageError('--customers must be a whole number from 10 to 100,000');
  if (!(options.daysPerSecond > 0 && options.daysPerSecond <= 30))
    throw new UsageError('--days-per-second must be more than 0 and at most 30');
  const say = options.say ?? (() => undefined);
  // The handlers run in this process: their per-step logs would drown the demo's own output.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const base = options.config ?? parseStageConfig({ stage: 'local' });
  const config: StageConfig = {
    ...base,
    campaigns: { ...base.campaigns, callsPerSecond: LOCAL_CALLS_PER_SECOND },
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'reactivate-demo-'));
  const { startLocalStack } = await import('../local/local-stack.js');
  const stack = await startLocalStack({
    config,
    host: options.host ?? '127.0.0.1',
    ports: { api: 0, dynamodb: 0, ses: 0 },
    dataDir,
    inMemory: true,
  });
  const started = performance.now();
  try {
    say(`Local stack up. Read the emails as they are sent: ${stack.sesUrl}`);
    const api = localApiClient(stack);

    // 1. The shop: customers and their order histories, through the API.
    const shop = demoPopulation(options.customers, new Date(stack.clock.now()), options.seed);
    const limit = pLimit(4);
    const send = async (path: string, field: string, items: readonly unknown[]) => {
      const bar = countBar(out, field.padEnd(9), field);
      bar.start(items.length);
      await Promise.all(
        chunked(items, BATCH).map((chunk) =>
          limit(async () => {
            await api('POST', path, { [field]: chunk });
            bar.advance(chunk.length);
          }),
        ),
      );
      bar.stop();
    };
    await send('/v1/customers/batch', 'customers', shop.customers);
    await send('/v1/orders/batch', 'orders', shop.orders);
    say(`Seeded ${shop.customers.length} customers and ${shop.orders.length} orders.`);

    // 2. Scores: the scoring workflow's use case, as `reactivate score --local` runs it.
    const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
    const scoring = await scoreAllCustomers(
      {
        population: new DynamoCustomerPopulation(db, stack.tables.customers),
        scores: new DynamoScoreStore(db, stack.tables.scores),
        models: new DynamoModelStore(db, stack.tables.models),
        clock: () => new Date(stack.clock.now()),
      },
      {
        model: config.scoring.model,
        churnThreshold: config.scoring.churnThreshold,
        unitDays: config.scoring.timeUnitDays,
        penalizer: config.scoring.penalizer,
        segments: config.scoring.segments,
      },
    );
    say(
      `Scored ${scoring.customers} customers with ${config.scoring.model} (θ = ${config.scoring.churnThreshold}).`,
    );

    // 3. The campaign, through the API; from here time runs fast.
    await api('POST', '/v1/campaigns', CAMPAIGN);
    // The state machines come from synthesizing the CDK app (seconds): before time runs fast.
    await stack.stepFunctions();
    const simulatedStart = stack.clock.now();
    const requestsBefore = { ...stack.dynamodbRequests };
    stack.clock.setScale(options.daysPerSecond * 86_400);
    await api('POST', `/v1/campaigns/${CAMPAIGN_ID}/start`);
    say(`Campaign '${CAMPAIGN_ID}' started; time now runs ${options.daysPerSecond} days per second.`);

    // 4. Customers answer while the journeys run, until the campaign completes.
    const responses: Record<string, number> = {};
    const responder = respond(stack, api, shop.customers, responses);
    const bar = countBar(out, 'journeys ', 'journeys');
    let launched = false;
    let finished = 0;
    for (;;) {
      const campaign = (await api('GET', `/v1/campaigns/${CAMPAIGN_ID}`)) as {
        status: string;
        launch?: LaunchSummary;
      };
      if (campaign.launch && !launched) {
        launched = true;
        bar.start(campaign.launch.started);
      }
      const sfn = await stack.stepFunctions();
      const done = sfn.list(stack.journeys.stateMachineArn).filter((e) => e.status !== 'RUNNING').length;
      bar.advance(done - finished);
      finished = done;
      await responder.poll();
      if (campaign.status === 'completed') break;
      if (performance.now() - started > MAX_WALL_MS)
        throw new Error(
          `the demo campaign did not complete in ${MAX_WALL_MS / 60_000} minutes (status ${campaign.status})`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
    bar.stop();
    const simulatedDays = (stack.clock.now() - simulatedStart) / 86_400_000;
    const dynamodbRequests = Object.fromEntries(
      Object.entries(stack.dynamodbRequests).map(([op, n]) => [op, n - (requestsBefore[op] ?? 0)]),
    );
    const wallSeconds = (performance.now() - started) / 1000;

    // 5. What happened.
    const journeys: JourneyRecord[] = [];
    for await (const page of new DynamoJourneyStore(db, stack.tables.journeys).list(CAMPAIGN_ID))
      journeys.push(...page);
    db.destroy();
    const campaign = (await api('GET', `/v1/campaigns/${CAMPAIGN_ID}`)) as { launch: LaunchSummary };
    const report = (await api('GET', `/v1/campaigns/${CAMPAIGN_ID}/report`)) as CampaignReport;
    const emails = await responder.emails();
    const sms = stack.aws.sms.map((m) => m.phoneNumber);
    const tasks = ((await api('GET', '/v1/call-tasks')) as { tasks: unknown[] }).tasks;
    const outcomes: Record<string, number> = {};
    for (const j of journeys) {
      const key = j.status === 'ended' ? `ended: ${j.exitReason}` : j.status;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    const runs = (await stack.stepFunctions()).list(stack.journeys.stateMachineArn);
    const escalated = new Set(
      journeys.filter((j) => j.timeline.some((t) => t.step === 'call-task')).map((j) => j.customerId),
    );
    const zones = new Map(shop.customers.map((c) => [c.customerId, c.timeZone ?? 'UTC']));
    const summary: DemoSummary = {
      customers: shop.customers.length,
      orders: shop.orders.length,
      scored: scoring.customers,
      launch: campaign.launch,
      messages: { emails: emails.length, sms: sms.length, callTasks: tasks.length },
      responses,
      outcomes,
      duplicates: emails.length - new Set(emails).size + (sms.length - new Set(sms).size),
      transitions: {
        max: Math.max(0, ...runs.map((r) => r.transitions)),
        mean: runs.length ? runs.reduce((n, r) => n + r.transitions, 0) / runs.length : 0,
        fullyEscalatedMax: Math.max(
          0,
          ...runs.filter((r) => escalated.has(JSON.parse(r.input).customerId)).map((r) => r.transitions),
        ),
      },
      perJourney: {
        lambdaInvocations: perRun(
          (await stack.stepFunctions()).list().reduce((n, r) => n + r.invocations, 0) + tasks.length, // each call task is one more invocation, by its schedule
          runs.length,
        ),
        dynamodbRequests: perRun(
          Object.values(dynamodbRequests).reduce((n, v) => n + v, 0),
          runs.length,
        ),
      },
      dynamodbRequests,
      simulatedDays,
      wallSeconds,
      timelines: sampleTimelines(journeys, zones),
      report,
      urls: { api: `${stack.apiUrl}/v1`, inbox: stack.sesUrl },
    };
    if (options.keep) {
      say(`The stack stays up (API ${stack.apiUrl}/v1, token ${stack.token}); press Ctrl-C to stop.`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return summary;
  } finally {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const perRun = (total: number, runs: number) => (runs ? Math.round((total / runs) * 10) / 10 : 0);

/** The demo's customers reading their messages: some of them answer, as `answer` decides. */
function respond(
  stack: LocalStack,
  api: ReturnType<typeof localApiClient>,
  customers: readonly { customerId: string; email?: string; phone?: string }[],
  tally: Record<string, number>,
) {
  const byEmail = new Map(customers.map((c) => [c.email, c.customerId]));
  const byPhone = new Map(customers.map((c) => [c.phone, c.customerId]));
  const seen = new Set<string>();
  let since = 0;
  let smsSeen = 0;
  let order = 0;
  /** Emails that arrived since the last look (the inbox filters by whole seconds, so ids de-duplicate). */
  const newEmails = async (): Promise<string[]> => {
    const asked = Math.floor(Date.now() / 1000) - 1;
    const store = (await (await patientFetch(`${stack.sesUrl}/store?since=${since}`)).json()) as {
      emails: { messageId: string; destination: { to: string[] } }[];
    };
    since = asked;
    const fresh = store.emails.filter((e) => !seen.has(e.messageId));
    for (const e of fresh) seen.add(e.messageId);
    return fresh.flatMap((e) => e.destination.to);
  };
  const act = async (customerId: string, kind: string) => {
    tally[kind] = (tally[kind] ?? 0) + 1;
    if (kind === 'purchase') {
      const orderedAt = new Date(stack.clock.now()).toISOString();
      await api('POST', '/v1/orders/batch', {
        orders: [{ orderId: `demo-reply-${++order}`, customerId, orderedAt, amount: 42, currency: 'USD' }],
      });
    } else await api('POST', '/v1/events', { customerId, type: kind });
  };
  return {
    async emails(): Promise<string[]> {
      const store = (await (await patientFetch(`${stack.sesUrl}/store`)).json()) as {
        emails: { destination: { to: string[] } }[];
      };
      return store.emails.flatMap((e) => e.destination.to);
    },
    async poll() {
      const fresh = (await newEmails()).map((to) => ['email', byEmail.get(to)] as const);
      const texts = stack.aws.sms.slice(smsSeen).map((m) => ['sms', byPhone.get(m.phoneNumber)] as const);
      smsSeen = stack.aws.sms.length;
      await Promise.all(
        [...fresh, ...texts].map(([channel, customerId]) => {
          const kind = customerId && answer(customerId, channel);
          return kind && customerId ? act(customerId, kind) : undefined;
        }),
      );
    },
  };
}

/** One journey of each kind worth seeing: fully escalated, ended by a purchase, by an unsubscribe. */
function sampleTimelines(journeys: readonly JourneyRecord[], zones: Map<string, string>) {
  const picks = [
    journeys.find((j) => j.timeline.some((t) => t.step === 'call-task')),
    journeys.find((j) => j.exitReason === 'purchase'),
    journeys.find((j) => j.exitReason === 'unsubscribe'),
  ].filter((j): j is JourneyRecord => j !== undefined);
  return picks.map((j) => {
    const timeZone = zones.get(j.customerId) ?? 'UTC';
    return {
      customerId: j.customerId,
      timeZone,
      entries: j.timeline.map(
        (t) =>
          `${localDateTime(Date.parse(t.at), timeZone)}  ${t.step.padEnd(9)} ${t.outcome}${t.reason ? ` (${t.reason})` : ''}`,
      ),
    };
  });
}
