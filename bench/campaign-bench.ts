/**
 * `npm run bench:campaign`: one campaign run to the end of every journey on the local stack (in
 * this process, in memory, as `reactivate demo` runs it), at the providers' rates. A generated shop
 * of `--customers` (default 100,000) customers, each with an email address, a phone number of
 * their own, a time zone on either side of UTC and consent for both channels; their churn moments
 * cluster on `--churn-days` consecutive days a few days ahead, so the sends pile up at the opening
 * of each zone's window — what the pacing is for. Customers and scores are written straight into
 * the stack's DynamoDB (the import and scoring paths are measured by bench:import and
 * bench:scoring); the campaign is created and started through the API, and the clock then runs at
 * `--days-per-second`. The run lasts until the campaign run and every journey execution have ended
 * and the local Scheduler has fired every call schedule (or `--timeout-minutes`, after which it
 * prints what it has and fails). Nobody answers: every journey goes email → SMS → manager call.
 *
 * The providers enforce `--email-rate` (emails) and `--sms-rate` (SMS parts) per second of the
 * stack's clock, as SES and SNS do, and the stage config paces to the same rates; the managers make
 * `--calls-per-hour` calls. How to read the figures:
 *  - wall time: seeding (customers and scores written), launch (start until the launch summary is
 *    recorded: the local stack starts journeys at most four times its Lambda concurrency a second, so
 *    `--lambda-concurrency` sets its pace) and run (until the last journey and call schedule) —
 *    the clock stands still while work is done, so the run's wall time is the CPU the journeys
 *    cost plus the simulated days at `--days-per-second`;
 *  - journeys: executions by status, the journey records by status (and exit reason) and the
 *    report's counts; failed ones with their errors. No journey may fail, no record stay `active`;
 *  - duplicates: a recipient (email address, phone number) with more than one message — every
 *    customer has their own of each, and gets at most one of each here;
 *  - per channel: the configured rate, the most accepted and the most attempted in one second of
 *    the clock, and the provider's refusals. Accepted can never pass the rate (the provider refuses
 *    the rest); attempted above it, and throttles, mean the slots did not hold the pace (each
 *    refused send takes a new slot, so nothing is lost, but it is work done twice);
 *  - Lambda: the most instances at once against the concurrency limit, and refused invocations;
 *  - memory: peak RSS and heap of the process (stack and journeys included) sampled every second,
 *    and the heap a full collection leaves after the run (what finished journeys retain).
 *
 * Exit 0 when no journey failed, no record is left active, no recipient got a duplicate and no
 * channel accepted more than its rate in a second; 1 otherwise (with the reasons); 2 for bad flags.
 *
 * Flags: --customers N (100000), --days-per-second D (1), --email-rate R (14), --sms-rate R (5),
 * --calls-per-hour C (200), --churn-days K (3), --lambda-concurrency N (the stack's: 8 per core),
 * --timeout-minutes M (60), --json (the figures as JSON on stdout, no progress on stderr).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { batchPut } from '../functions/adapters/dynamodb-batch.js';
import { profileHash } from '../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../functions/adapters/dynamodb-journey-store.js';
import type { CustomerProfile } from '../functions/domain/customer.js';
import type { LaunchSummary } from '../functions/domain/journey/campaign.js';
import type { CampaignReport } from '../functions/domain/journey/campaign-report.js';
import { createDynamoClient } from '../functions/shared/aws-clients.js';
import { counts, fmt } from '../lib/cli/output.js';
import { parseStageConfig } from '../lib/config.js';
import { prng } from '../lib/demo/random.js';
import { localApiClient } from '../lib/local/local-api-client.js';
import { LOCAL_CLIENT } from '../lib/local/local-client.js';
import type { ExecutionStatus, LocalExecution } from '../lib/local/local-step-functions.js';
import { patientFetch } from '../lib/local/patient-fetch.js';

// The SDK warns on Node 20 when a client is made (it moves to Node 22 in 2027); local tooling
// supports Node 20, as bin/reactivate.js says, and the warning would sit among the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The handlers run in this process: their per-step logs would drown the figures (warnings and
// errors still go to stderr).
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const CAMPAIGN_ID = 'bench-campaign';
/** The first churn day, this many days after the clock's start (the journeys' contact days). */
const FIRST_CHURN_DAY = 3;
/** Items per seeding round (customers, then their scores). */
const SEED_CHUNK = 5_000;
/**
 * StartExecution calls per second of the launch: the schema's most. AWS's quota (150-300/s) is
 * not this benchmark's subject; the local stack keeps the launch to its Lambda capacity anyway
 * (four times its concurrency a second).
 */
const LAUNCH_CALLS_PER_SECOND = 2_000;
const POLL_MS = 1_000;
const PROGRESS_MS = 5_000;
const ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
];
const FIRST_NAMES = ['Ann', 'Bob', 'Chloe', 'Dmitri', 'Eunji', 'Fatima', 'Hiro', 'Ines', 'Jamal', 'Kofi'];

interface Options {
  customers: number;
  daysPerSecond: number;
  emailRate: number;
  smsRate: number;
  callsPerHour: number;
  churnDays: number;
  lambdaConcurrency?: number;
  timeoutMinutes: number;
  json: boolean;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  const parsed = (() => {
    try {
      return parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          customers: { type: 'string' },
          'days-per-second': { type: 'string' },
          'email-rate': { type: 'string' },
          'sms-rate': { type: 'string' },
          'calls-per-hour': { type: 'string' },
          'churn-days': { type: 'string' },
          'lambda-concurrency': { type: 'string' },
          'timeout-minutes': { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  })();
  const v = parsed.values;
  const number = (
    flag: string,
    text: string | undefined,
    fallback: number,
    check: (n: number) => boolean,
    rule: string,
  ): number => {
    if (text === undefined) return fallback;
    const n = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} ${rule} (got '${text}')`);
    return n;
  };
  const whole = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  const above = (max: number) => (n: number) => n > 0 && n <= max;
  return {
    customers: number(
      'customers',
      v.customers,
      100_000,
      whole(10, 1_000_000),
      'must be a whole number from 10 to 1,000,000',
    ),
    daysPerSecond: number(
      'days-per-second',
      v['days-per-second'],
      1,
      above(30),
      'must be more than 0 and at most 30',
    ),
    // The stage config's bounds (lib/config.ts: journeys.pacing, journeys.manager).
    emailRate: number(
      'email-rate',
      v['email-rate'],
      14,
      above(50_000),
      'must be more than 0 and at most 50,000',
    ),
    smsRate: number('sms-rate', v['sms-rate'], 5, above(10_000), 'must be more than 0 and at most 10,000'),
    callsPerHour: number(
      'calls-per-hour',
      v['calls-per-hour'],
      200,
      whole(1, 100_000),
      'must be a whole number from 1 to 100,000',
    ),
    churnDays: number('churn-days', v['churn-days'], 3, whole(1, 60), 'must be a whole number from 1 to 60'),
    ...(v['lambda-concurrency'] !== undefined
      ? {
          lambdaConcurrency: number(
            'lambda-concurrency',
            v['lambda-concurrency'],
            0,
            whole(1, 10_000),
            'must be a whole number from 1 to 10,000',
          ),
        }
      : {}),
    timeoutMinutes: number(
      'timeout-minutes',
      v['timeout-minutes'],
      60,
      above(7 * 24 * 60),
      'must be more than 0 and at most a week',
    ),
    json: v.json ?? false,
  };
}

/** Peak RSS and heap, sampled every second (and at each phase's end), overall and per phase. */
class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  phase = { rss: 0, heap: 0 };
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }
  sample(): { rss: number; heapUsed: number } {
    const m = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, m.rss);
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
    this.phase.rss = Math.max(this.phase.rss, m.rss);
    this.phase.heap = Math.max(this.phase.heap, m.heapUsed);
    return m;
  }
  /** The current phase's peaks; a new phase starts. */
  endPhase(): { rss: number; heap: number } {
    this.sample();
    const peaks = this.phase;
    this.phase = { rss: 0, heap: 0 };
    return peaks;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

const MB = (bytes: number) => bytes / 1024 ** 2;
const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * The emails in aws-ses-v2-local's store, counted per recipient. Read as they arrive (`?since=`,
 * whole seconds of real time, so each read overlaps the last by a second and message ids
 * de-duplicate): one read of a hundred thousand emails at the end would be a JSON text of
 * hundreds of MB in this process.
 */
function inbox(sesUrl: string) {
  const seen = new Set<string>();
  const perRecipient = new Map<string, number>();
  let since = 0;
  return {
    perRecipient,
    get count() {
      return seen.size;
    },
    async read(): Promise<void> {
      const asked = Math.floor(Date.now() / 1000) - 1;
      const store = (await (await patientFetch(`${sesUrl}/store?since=${since}`)).json()) as {
        emails: { messageId: string; destination: { to: string[] } }[];
      };
      since = asked;
      for (const email of store.emails) {
        if (seen.has(email.messageId)) continue;
        seen.add(email.messageId);
        for (const to of email.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      }
    },
  };
}

const byStatus = (runs: readonly LocalExecution[]) => {
  const out: Partial<Record<ExecutionStatus, number>> = {};
  for (const r of runs) out[r.status] = (out[r.status] ?? 0) + 1;
  return out as Record<string, number>;
};

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench:campaign: ${error.message}`);
    console.error(
      'usage: npm run bench:campaign -- [--customers N] [--days-per-second D] [--email-rate R] [--sms-rate R] [--calls-per-hour C] [--churn-days K] [--lambda-concurrency N] [--timeout-minutes M] [--json]',
    );
    return 2;
  }
  const say = options.json ? () => undefined : (line: string) => console.error(line);
  const memory = new MemorySampler();
  const began = performance.now();
  const config = parseStageConfig({
    stage: 'local',
    journeys: {
      pacing: { emailPerSecond: options.emailRate, smsPartsPerSecond: options.smsRate },
      manager: { callsPerHour: options.callsPerHour },
    },
    campaigns: { callsPerSecond: LAUNCH_CALLS_PER_SECOND },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'reactivate-campaign-bench-'));
  const { startLocalStack } = await import('../lib/local/local-stack.js');
  const stack = await startLocalStack({
    config,
    host: '127.0.0.1',
    ports: { api: 0, dynamodb: 0, ses: 0 },
    dataDir,
    inMemory: true,
    timeScale: 1,
    sendRates: { email: options.emailRate, sms: options.smsRate },
    ...(options.lambdaConcurrency !== undefined ? { lambdaConcurrency: options.lambdaConcurrency } : {}),
  });
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  try {
    // The state machines come from synthesizing the CDK app (seconds): before time runs fast.
    await stack.stepFunctions();
    const startupSeconds = seconds(began);
    say(`Local stack up in ${fmt(startupSeconds, 1)} s; seeding ${fmt(options.customers)} customers…`);

    // 1. The shop: customers and scores straight into DynamoDB, in the shapes their writers use.
    const seedStarted = performance.now();
    const clockStart = stack.clock.now();
    const firstDay = Date.UTC(
      new Date(clockStart).getUTCFullYear(),
      new Date(clockStart).getUTCMonth(),
      new Date(clockStart).getUTCDate() + FIRST_CHURN_DAY,
    );
    const churnDays = Array.from({ length: options.churnDays }, (_, k) =>
      new Date(firstDay + k * 86_400_000).toISOString().slice(0, 10),
    );
    const random = prng(2026);
    const perChurnDay: Record<string, number> = {};
    for (let from = 0; from < options.customers; from += SEED_CHUNK) {
      const now = new Date().toISOString();
      const customers: Record<string, unknown>[] = [];
      const scores: Record<string, unknown>[] = [];
      for (let i = from; i < Math.min(from + SEED_CHUNK, options.customers); i++) {
        const customerId = `c-${String(i).padStart(7, '0')}`;
        const profile: CustomerProfile = {
          customerId,
          email: `${customerId}@example.com`,
          // Distinct numbers: +1 415 2xx xxxx (valid in the North American plan).
          phone: `+1415${200 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`,
          firstName: FIRST_NAMES[i % FIRST_NAMES.length] as string,
          timeZone: ZONES[Math.floor(random() * ZONES.length)] as string,
          consent: { email: true, sms: true },
          attributes: {},
        };
        // What DynamoCustomerRepository writes for a new customer.
        customers.push({
          ...profile,
          profileHash: profileHash(profile),
          createdAt: now,
          updatedAt: now,
          rev: 0,
        });
        const churnMomentOn = churnDays[Math.floor(random() * churnDays.length)] as string;
        perChurnDay[churnMomentOn] = (perChurnDay[churnMomentOn] ?? 0) + 1;
        scores.push({
          customerId,
          churnMomentOn,
          churnThreshold: 0.5,
          pAlive: Math.round((0.3 + 0.4 * random()) * 1000) / 1000,
          clv365Days: Math.round(random() * 500),
          rfm: { segment: 'at-risk' },
          scoredAt: now,
        });
      }
      await batchPut(db, stack.tables.customers, customers);
      await batchPut(db, stack.tables.scores, scores);
    }
    const seedSeconds = seconds(seedStarted);
    const seedMemory = memory.endPhase();
    say(`Seeded ${fmt(options.customers)} customers and scores in ${fmt(seedSeconds, 1)} s.`);
    globalThis.gc?.();

    // 2. The campaign, through the API; from its start, time runs fast.
    const api = localApiClient(stack);
    const horizonDays = FIRST_CHURN_DAY + options.churnDays + 1;
    await api('POST', '/v1/campaigns', {
      campaignId: CAMPAIGN_ID,
      name: 'Bench win-back',
      leadDays: 0,
      holdoutPercent: 10,
      audience: { horizonDays },
      offer: { description: '15% off your next order', code: 'COMEBACK15' },
      email: {
        subject: '{{firstName}}, we saved something for you',
        html: '<p>Hi {{firstName}},</p><p>Here is {{offer}} with code <b>{{offerCode}}</b>.</p><p><a href="{{link}}">Come back</a></p>',
        text: 'Hi {{firstName}}, here is {{offer}} with code {{offerCode}}: {{link}}',
      },
      sms: { text: '{{firstName}}, {{offer}} with code {{offerCode}}' },
    });
    // Before anything sleeps (the clock's rule): the journeys' machines are prepared at this speed.
    const simulatedStart = stack.clock.now();
    stack.clock.setScale(options.daysPerSecond * 86_400);
    const launchStarted = performance.now();
    await api('POST', `/v1/campaigns/${CAMPAIGN_ID}/start`);
    say(`Campaign '${CAMPAIGN_ID}' started; time runs ${options.daysPerSecond} days per second.`);

    // 3. Until the campaign run, every journey and every call schedule has ended.
    const sfn = await stack.stepFunctions();
    const emails = inbox(stack.sesUrl);
    let launch: LaunchSummary | undefined;
    let launchSeconds: number | undefined;
    let launchMemory: { rss: number; heap: number } | undefined;
    let runStarted = launchStarted;
    let timedOut = false;
    let lastProgress = performance.now();
    let lastInboxRead = 0;
    for (;;) {
      if (!launch) {
        launch = ((await api('GET', `/v1/campaigns/${CAMPAIGN_ID}`)) as { launch?: LaunchSummary }).launch;
        if (launch) {
          launchSeconds = seconds(launchStarted);
          launchMemory = memory.endPhase();
          runStarted = performance.now();
          say(
            `Launched in ${fmt(launchSeconds, 1)} s: ${fmt(launch.started)} journeys, ${fmt(launch.heldOut)} held out, ${fmt(launch.selected)} selected of ${fmt(launch.scanned)}.`,
          );
        }
      }
      if (performance.now() - lastInboxRead >= 2_000) {
        await emails.read();
        lastInboxRead = performance.now();
      }
      const campaignRuns = sfn.list(stack.campaigns.stateMachineArn);
      const journeyRuns = sfn.list(stack.journeys.stateMachineArn);
      const ended = journeyRuns.filter((e) => e.status !== 'RUNNING').length;
      let pendingCalls = 0;
      for (const s of stack.aws.schedules.values()) if (s.state === 'pending') pendingCalls++;
      const lambda = stack.lambda.stats();
      const done =
        launch !== undefined &&
        campaignRuns.length > 0 &&
        campaignRuns.every((e) => e.status !== 'RUNNING') &&
        ended === journeyRuns.length &&
        pendingCalls === 0 &&
        lambda.running === 0 &&
        lambda.queued === 0;
      if (done) break;
      if (performance.now() - began > options.timeoutMinutes * 60_000) {
        timedOut = true;
        say(`Timed out after ${fmt(options.timeoutMinutes)} minutes: what has happened so far follows.`);
        break;
      }
      if (performance.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = performance.now();
        const m = memory.sample();
        say(
          `[${fmt(seconds(began), 0).padStart(5)} s] journeys ended ${fmt(ended)} / ${launch ? fmt(launch.started) : `${fmt(journeyRuns.length)}+`} · clock ${new Date(stack.clock.now()).toISOString().slice(0, 16)} · emails ${fmt(emails.count)} · SMS ${fmt(stack.aws.sms.length)} · calls pending ${fmt(pendingCalls)} · RSS ${fmt(MB(m.rss))} MB`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const runSeconds = seconds(runStarted);
    const runMemory = memory.endPhase();
    memory.stop();
    const simulatedDays = (stack.clock.now() - simulatedStart) / 86_400_000;

    // 4. The figures.
    await new Promise((r) => setTimeout(r, 1_100)); // the inbox's last whole second
    await emails.read();
    const journeyRuns = sfn.list(stack.journeys.stateMachineArn);
    const campaignRuns = sfn.list(stack.campaigns.stateMachineArn);
    const failedRuns = journeyRuns.filter((e) => e.status !== 'RUNNING' && e.status !== 'SUCCEEDED');
    const campaign = (await api('GET', `/v1/campaigns/${CAMPAIGN_ID}`)) as {
      status: string;
      runFailure?: { reason: string };
    };
    let report: CampaignReport | undefined;
    let reportError: string | undefined;
    try {
      report = (await api('GET', `/v1/campaigns/${CAMPAIGN_ID}/report`)) as CampaignReport;
    } catch (error) {
      reportError = (error as Error).message;
    }
    // The journey records, tallied page by page (a hundred thousand timelines are not kept).
    const records: Record<string, number> = {};
    const failedRecords: { customerId: string; error: string }[] = [];
    for await (const page of new DynamoJourneyStore(db, stack.tables.journeys).list(CAMPAIGN_ID))
      for (const j of page) {
        const key = j.status === 'ended' ? `ended: ${j.exitReason}` : j.status;
        records[key] = (records[key] ?? 0) + 1;
        if (j.status === 'failed' && failedRecords.length < 20)
          failedRecords.push({ customerId: j.customerId, error: j.exitReason ?? 'unknown' });
      }
    const duplicates = (perRecipient: Iterable<number>) => {
      let n = 0;
      for (const count of perRecipient) if (count > 1) n++;
      return n;
    };
    const smsPerPhone = new Map<string, number>();
    for (const m of stack.aws.sms) smsPerPhone.set(m.phoneNumber, (smsPerPhone.get(m.phoneNumber) ?? 0) + 1);
    const schedules: Record<string, number> = {};
    for (const s of stack.aws.schedules.values()) schedules[s.state] = (schedules[s.state] ?? 0) + 1;
    const rates = stack.rates.stats();
    const lambda = stack.lambda.stats();
    globalThis.gc?.();
    const retainedHeap = process.memoryUsage().heapUsed;

    const figures = {
      options: {
        customers: options.customers,
        daysPerSecond: options.daysPerSecond,
        emailRate: options.emailRate,
        smsRate: options.smsRate,
        callsPerHour: options.callsPerHour,
        churnDays: options.churnDays,
        lambdaConcurrency: lambda.limit,
        timeoutMinutes: options.timeoutMinutes,
      },
      churnDays: perChurnDay,
      timedOut,
      wallSeconds: {
        startup: startupSeconds,
        seeding: seedSeconds,
        launch: launchSeconds ?? null,
        run: runSeconds,
        total: seconds(began),
      },
      simulatedDays,
      campaign: {
        status: campaign.status,
        ...(campaign.runFailure ? { runFailure: campaign.runFailure.reason } : {}),
        runs: byStatus(campaignRuns),
      },
      launch: launch ?? null,
      executions: byStatus(journeyRuns),
      records,
      activeRecords: records.active ?? 0,
      report: report
        ? {
            builtBy: report.builtBy,
            generatedAt: report.generatedAt,
            journeys: report.journeys,
            steps: {
              email: { sent: report.steps.email.sent, skipped: report.steps.email.skipped },
              sms: { sent: report.steps.sms.sent, skipped: report.steps.sms.skipped },
              call: {
                scheduled: report.steps.call.scheduled,
                skipped: report.steps.call.skipped,
                tasks: report.steps.call.tasks,
              },
            },
          }
        : null,
      ...(reportError ? { reportError } : {}),
      failedRecords,
      failedExecutions: failedRuns.slice(0, 20).map((e) => ({
        name: e.name,
        status: e.status,
        error: e.error ?? null,
        cause: e.cause?.slice(0, 300) ?? null,
      })),
      messages: {
        emails: emails.count,
        sms: stack.aws.sms.length,
        callTasks: lambda.functions.createCallTask?.invocations ?? 0,
      },
      duplicates: {
        email: duplicates(emails.perRecipient.values()),
        sms: duplicates(smsPerPhone.values()),
      },
      callSchedules: schedules,
      rates: {
        email: { configured: options.emailRate, ...rates.email },
        sms: { configured: options.smsRate, ...rates.sms },
      },
      lambda: {
        limit: lambda.limit,
        peak: lambda.peak,
        throttled: lambda.throttled,
        functions: lambda.functions,
      },
      dynamodbRequests: stack.dynamodbRequests,
      memoryMB: {
        peakRss: MB(memory.peakRss),
        peakHeap: MB(memory.peakHeap),
        seeding: { rss: MB(seedMemory.rss), heap: MB(seedMemory.heap) },
        ...(launchMemory ? { launch: { rss: MB(launchMemory.rss), heap: MB(launchMemory.heap) } } : {}),
        run: { rss: MB(runMemory.rss), heap: MB(runMemory.heap) },
        retainedHeapAfterGc: MB(retainedHeap),
      },
    };

    const failed = Math.max(report?.journeys.failed ?? 0, records.failed ?? 0);
    const running = figures.executions.RUNNING ?? 0;
    const reasons: string[] = [];
    if (timedOut) reasons.push(`the run did not end within ${fmt(options.timeoutMinutes)} minutes`);
    if (failed > 0) reasons.push(`${fmt(failed)} journeys failed`);
    if (failedRuns.length > 0)
      reasons.push(`${fmt(failedRuns.length)} journey executions ended ${counts(byStatus(failedRuns))}`);
    if (figures.activeRecords > 0) reasons.push(`${fmt(figures.activeRecords)} journey records still active`);
    if (running > 0) reasons.push(`${fmt(running)} journey executions still RUNNING`);
    if (figures.duplicates.email + figures.duplicates.sms > 0)
      reasons.push(
        `duplicates: ${fmt(figures.duplicates.email)} email and ${fmt(figures.duplicates.sms)} SMS recipients got more than one message`,
      );
    for (const channel of ['email', 'sms'] as const) {
      const r = figures.rates[channel];
      if (r.peakAccepted > r.configured)
        reasons.push(
          `${channel}: ${fmt(r.peakAccepted)} accepted in one second, above the rate ${fmt(r.configured)}`,
        );
    }
    if (campaign.status !== 'completed') reasons.push(`the campaign is ${campaign.status}, not completed`);
    if ((schedules.failed ?? 0) > 0) reasons.push(`${fmt(schedules.failed ?? 0)} call schedules failed`);
    if (!report) reasons.push(`no report: ${reportError}`);

    if (options.json) console.log(JSON.stringify({ ...figures, ok: reasons.length === 0, reasons }, null, 2));
    else print(figures, report, reasons);
    return reasons.length === 0 ? 0 : 1;
  } finally {
    db.destroy();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Figures = {
  options: { customers: number; daysPerSecond: number; churnDays: number; callsPerHour: number };
  churnDays: Record<string, number>;
  wallSeconds: { startup: number; seeding: number; launch: number | null; run: number; total: number };
  simulatedDays: number;
  campaign: { status: string; runFailure?: string; runs: Record<string, number> };
  launch: LaunchSummary | null;
  executions: Record<string, number>;
  records: Record<string, number>;
  activeRecords: number;
  failedRecords: { customerId: string; error: string }[];
  failedExecutions: { name: string; status: string; error: string | null; cause: string | null }[];
  messages: { emails: number; sms: number; callTasks: number };
  duplicates: { email: number; sms: number };
  callSchedules: Record<string, number>;
  rates: Record<
    'email' | 'sms',
    {
      configured: number;
      accepted: number;
      throttled: number;
      peakAccepted: number;
      peakAttempted: number;
      peakSecond?: string;
    }
  >;
  lambda: { limit: number; peak: number; throttled: number };
  memoryMB: {
    peakRss: number;
    peakHeap: number;
    seeding: { rss: number; heap: number };
    launch?: { rss: number; heap: number };
    run: { rss: number; heap: number };
    retainedHeapAfterGc: number;
  };
};

function print(f: Figures, report: CampaignReport | undefined, reasons: readonly string[]): void {
  const w = f.wallSeconds;
  const j = report?.journeys;
  const rate = (name: string, r: Figures['rates']['email'], unit: string) =>
    `${name.padEnd(12)} configured ${fmt(r.configured)} ${unit}/s; peak accepted ${fmt(r.peakAccepted)}/s${r.peakSecond ? ` (at ${r.peakSecond.slice(0, 19)})` : ''}, peak attempted ${fmt(r.peakAttempted)}/s; ${fmt(r.accepted)} accepted, ${fmt(r.throttled)} throttled by the provider`;
  const lines = [
    '',
    `Campaign of ${fmt(f.options.customers)} customers, churn moments on ${counts(f.churnDays)}; ${f.options.daysPerSecond} days per second, managers ${fmt(f.options.callsPerHour)} calls/hour`,
    `  wall time    start-up ${fmt(w.startup, 1)} s, seeding ${fmt(w.seeding, 1)} s, launch ${w.launch === null ? '—' : `${fmt(w.launch, 1)} s`}, run ${fmt(w.run, 1)} s; total ${fmt(w.total, 1)} s (${fmt(f.simulatedDays, 1)} simulated days)`,
    `  campaign     ${f.campaign.status}${f.campaign.runFailure ? ` (run failure: ${f.campaign.runFailure})` : ''}; campaign runs ${counts(f.campaign.runs)}`,
    f.launch
      ? `  launch       ${fmt(f.launch.started)} journeys, ${fmt(f.launch.heldOut)} held out, ${fmt(f.launch.selected)} selected of ${fmt(f.launch.scanned)} scanned; excluded ${counts(f.launch.excluded as Record<string, number>)}`
      : '  launch       not recorded',
    `  executions   ${counts(f.executions)}`,
    `  records      ${counts(f.records)}; ${fmt(f.activeRecords)} still active`,
    j
      ? `  report       enrolled ${fmt(j.enrolled)}, held out ${fmt(j.heldOut)}, active ${fmt(j.active)}, waiting ${fmt(j.waiting)}, contacted ${fmt(j.contacted)}, completed ${fmt(j.completed)}, ended by customer ${fmt(j.endedByCustomer)}, ended by campaign ${fmt(j.endedByCampaign)}, failed ${fmt(j.failed)} (built by ${report?.builtBy})`
      : '  report       unavailable',
    ...(report
      ? [
          `  steps        email ${fmt(report.steps.email.sent)} sent (skipped: ${counts(report.steps.email.skipped)}); SMS ${fmt(report.steps.sms.sent)} sent (skipped: ${counts(report.steps.sms.skipped)}); calls ${fmt(report.steps.call.scheduled)} scheduled, ${fmt(report.steps.call.tasks)} tasks (skipped: ${counts(report.steps.call.skipped)})`,
        ]
      : []),
    ...(j && j.failed > 0 ? [`  failures     ${counts(j.failures)}`] : []),
    ...f.failedRecords.map((r) => `    journey of ${r.customerId} failed: ${r.error}`),
    ...f.failedExecutions.map(
      (e) => `    execution ${e.name} ${e.status}: ${e.error ?? ''} ${e.cause ?? ''}`,
    ),
    `  messages     ${fmt(f.messages.emails)} emails, ${fmt(f.messages.sms)} SMS, ${fmt(f.messages.callTasks)} call tasks; call schedules left ${counts(f.callSchedules)}`,
    `  duplicates   ${fmt(f.duplicates.email)} email recipients, ${fmt(f.duplicates.sms)} phone numbers with more than one message`,
    `  ${rate('email', f.rates.email, 'emails')}`,
    `  ${rate('SMS', f.rates.sms, 'parts')}`,
    `  Lambda       peak ${fmt(f.lambda.peak)} of ${fmt(f.lambda.limit)} instances at once; ${fmt(f.lambda.throttled)} invocations throttled`,
    `  memory       peak RSS ${fmt(f.memoryMB.peakRss)} MB, peak heap ${fmt(f.memoryMB.peakHeap)} MB (seeding ${fmt(f.memoryMB.seeding.rss)}/${fmt(f.memoryMB.seeding.heap)}, launch ${f.memoryMB.launch ? `${fmt(f.memoryMB.launch.rss)}/${fmt(f.memoryMB.launch.heap)}` : '—'}, run ${fmt(f.memoryMB.run.rss)}/${fmt(f.memoryMB.run.heap)} MB RSS/heap); heap after the run and a full GC ${fmt(f.memoryMB.retainedHeapAfterGc)} MB`,
    '',
    reasons.length === 0 ? 'OK' : `FAILED: ${reasons.join('; ')}`,
  ];
  console.log(lines.join('\n'));
}

process.exitCode = await main();
// The stack is closed, but its clock may keep a timer armed for a sleep that was aborted (a
// finished execution's timeout, up to a year of the clock ahead): minutes of waiting at a day per
// second for nothing.
process.exit();
