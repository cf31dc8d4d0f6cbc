/**
 * `npm run bench:scoring`: how fast the models read, fit and score on this machine, each stage
 * beside lifetimes 0.11's figure for it (measured here, `../shared/reference/scoring-peers.md`).
 *
 * - `reactivate fit` on the CDNOW sample and master, per model, as a user runs it (its own process).
 * - A generated population of BENCH_CUSTOMERS (default 1,000,000) customers drawn from the BG/NBD
 *   process with CDNOW's parameters (about 3 orders each), written as CSV, CSV with categories,
 *   CDNOW and JSON Lines with categories (the same orders in each):
 *   - reading each file alone (rows per second; target ≤ 2 s for 3 M rows);
 *   - `reactivate fit --model bgnbd` end to end (target ≤ 4 s) with its stages, the log-likelihood
 *     (the same in every shape) and the parameters recovered against the true ones;
 *   - `reactivate score --output` end to end, BG/NBD and the default model (target ≤ 5 s).
 * - In-memory scoring throughput (customers/s, one core) over that population, each pass from a
 *   collected heap (`--expose-gc`).
 * - Scoring against the local stack (`reactivate start --in-memory` as its own process, the way a
 *   user runs it): BENCH_LOCAL_CUSTOMERS (default 100,000) of those customers are seeded straight
 *   into the customers table, then every customer is scored twice through the same use case as
 *   `reactivate score --local` — a first run (every score written) and a re-run (nothing written).
 * - Peak memory (max RSS) of the bench process.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { batchPut } from '../functions/adapters/dynamodb-batch.js';
import { DynamoCustomerPopulation } from '../functions/adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../functions/adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../functions/adapters/dynamodb-score-store.js';
import { createScorer } from '../functions/domain/scoring/customer-scores.js';
import { DEFAULT_MODEL, type TransactionModelName } from '../functions/domain/scoring/models.js';
import { fitScoringModel, type PurchaseHistory } from '../functions/domain/scoring/scoring-model.js';
import { readOrderFile } from '../functions/import/order-file-reader.js';
import { createDynamoClient } from '../functions/shared/aws-clients.js';
import { ingestSettings } from '../functions/use-cases/ingest-settings.js';
import { scoreAllCustomers } from '../functions/use-cases/score-customers.js';
import { loadOrders } from '../lib/cli/scoring-commands.js';
import { LOCAL_CLIENT } from '../lib/local/local-client.js';
import { findLocalStack } from '../lib/local/stack-descriptor.js';
import { spawnStack } from '../tests/support/stack-process.js';
import { CDNOW_BGNBD, generateBtydOrders } from './generate-btyd.js';

// The SDK warns on Node 20 when a client is made (it moves to Node 22 in 2027); local tooling
// supports Node 20, as bin/reactivate.js says, and the warning would sit among the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const LOCAL_CUSTOMERS = Number(process.env.BENCH_LOCAL_CUSTOMERS ?? 100_000);
const DATA = 'bench/.data';
const settings = ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: {} });
const QUIET = { json: true, interactive: false };
const seconds = (since: number) => (performance.now() - since) / 1000;
const f = (n: number, d = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * lifetimes 0.11's figures for the same stages on this kind of machine, from
 * `../shared/reference/scoring-peers.md` (the registries here do not carry Python's libraries).
 */
const LIFETIMES = {
  cdnowMaster: { bgnbd: 2.9, pareto: 15.6, mbgnbd: 2.7, gg: 1.9 } as Record<string, number>,
  millionFit: 20.4,
  millionReadSummary: 7.4,
  millionFitAlone: '10.5–11.0',
  millionScoringInMemory: 1.84,
};

/** `reactivate …` as a user runs it (its own process, start-up included): wall seconds and stdout. */
function cli(args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['bin/reactivate.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`reactivate ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { seconds: seconds(started), stdout: run.stdout };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function cdnow(file: string, label: string) {
  for (const model of ['bgnbd', 'pareto', 'mbgnbd', 'gg']) {
    const runs = [0, 1, 2].map(() =>
      cli([
        'fit',
        '--orders',
        file,
        '--format',
        'cdnow',
        '--calibration-end',
        '1997-09-30',
        '--model',
        model,
        '--json',
      ]),
    );
    const fit = JSON.parse(runs[0]?.stdout ?? '{}') as { customers: number; logLikelihood: number };
    const peer = label === 'CDNOW master' ? LIFETIMES.cdnowMaster[model] : undefined;
    console.log(
      `${label.padEnd(14)} ${model.padEnd(7)} ${f(fit.customers, 0).padStart(9)} customers  reactivate fit ${f(median(runs.map((r) => r.seconds)))} s (median of 3, start-up included)${peer ? `; lifetimes ${f(peer, 1)} s` : ''}  LL ${f(fit.logLikelihood, 3)}`,
    );
  }
}

/** The generated population in each supported shape: the same orders, in CSV, CDNOW and JSON Lines. */
const SHAPES = [
  { label: 'CSV', format: 'csv', categories: false, ext: 'csv' },
  { label: 'CSV + categories', format: 'csv', categories: true, ext: 'csv' },
  { label: 'CDNOW', format: 'cdnow', categories: false, ext: 'txt' },
  { label: 'JSON Lines + categories', format: 'jsonl', categories: true, ext: 'jsonl' },
] as const;

async function populationFile(shape: (typeof SHAPES)[number]): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const file = `${DATA}/btyd-${CUSTOMERS}-${shape.format}${shape.categories ? '-categories' : ''}.${shape.ext}`;
  if (!existsSync(file)) {
    console.log(
      `generating ${f(CUSTOMERS, 0)} customers from the BG/NBD process (${shape.label}) → ${file} …`,
    );
    const { orders } = await generateBtydOrders(file, { customers: CUSTOMERS, ...shape });
    console.log(`  ${f(orders, 0)} orders`);
  }
  return file;
}

/** Reading the order file alone, in every shape: the reader's throughput. */
async function readers() {
  for (const shape of SHAPES) {
    const file = await populationFile(shape);
    const times: number[] = [];
    let rows = 0;
    for (let pass = 0; pass < 3; pass++) {
      globalThis.gc?.();
      const started = performance.now();
      const histories = await readOrderFile(
        createReadStream(file, { highWaterMark: 1 << 20 }),
        shape.format,
        settings,
        { fileBytes: statSync(file).size },
      );
      times.push(seconds(started));
      rows = histories.counts.rows;
    }
    console.log(
      `read           ${shape.label.padEnd(24)} ${f(rows, 0)} rows in ${f(median(times))} s (median of 3; target ≤ 2 s for 3 M rows) = ${f(rows / median(times) / 1e6, 2)} M rows/s`,
    );
  }
}

/** `reactivate fit` and `reactivate score` of the whole population, end to end, beside lifetimes. */
async function wholeCommands() {
  let reference: number | undefined;
  for (const shape of [SHAPES[2], SHAPES[1], SHAPES[3]]) {
    const file = await populationFile(shape);
    const runs = [0, 1, 2].map(() =>
      cli(['fit', '--orders', file, '--format', shape.format, '--model', 'bgnbd', '--json']),
    );
    const fits = runs.map(
      (r) =>
        JSON.parse(r.stdout) as {
          readSeconds: number;
          fitSeconds: number;
          logLikelihood: number;
          params: typeof CDNOW_BGNBD;
        },
    );
    const fit = fits[0] as (typeof fits)[number];
    reference ??= fit.logLikelihood;
    const agreement = Math.abs(fit.logLikelihood - reference) / Math.abs(reference);
    console.log(
      `fit            ${shape.label.padEnd(24)} reactivate fit --model bgnbd: ${f(median(runs.map((r) => r.seconds)))} s end to end (median of 3; target ≤ 4 s; lifetimes ${f(LIFETIMES.millionFit, 1)} s)`,
    );
    console.log(
      `                 stages: read + summary ${f(median(fits.map((x) => x.readSeconds)))} s (lifetimes ${f(LIFETIMES.millionReadSummary, 1)}), fit with standard errors ${f(median(fits.map((x) => x.fitSeconds)))} s (lifetimes ${LIFETIMES.millionFitAlone}); LL ${f(fit.logLikelihood, 3)} (${agreement === 0 ? 'the same' : `${agreement.toExponential(1)} relative`} in every shape)`,
    );
    console.log(
      `                 recovered r=${f(fit.params.r, 3)} α=${f(fit.params.alpha, 3)} a=${f(fit.params.a, 3)} b=${f(fit.params.b, 3)} (true ${Object.values(CDNOW_BGNBD).join(', ')})`,
    );
  }
  const file = await populationFile(SHAPES[1]);
  const out = `${DATA}/scores.csv`;
  for (const model of ['bgnbd', DEFAULT_MODEL]) {
    const runs = [0, 1, 2].map(() => cli(['score', '--orders', file, '--model', model, '--output', out]));
    console.log(
      `score          ${model.padEnd(24)} reactivate score --output scores.csv: ${f(median(runs.map((r) => r.seconds)))} s end to end for ${f(CUSTOMERS, 0)} customers (median of 3; target ≤ 5 s; lifetimes scores in memory only: ${f(LIFETIMES.millionScoringInMemory, 2)} s)`,
    );
  }
  rmSync(out, { force: true });
}

async function generated() {
  const file = await populationFile(SHAPES[0]);
  const { histories } = await loadOrders({ orders: file, format: 'csv' }, QUIET);
  const all: PurchaseHistory[] = [...histories.at(histories.lastDay)].map((e) => e.history);
  let started = performance.now();
  const fitted = fitScoringModel(all, histories.lastDay, { model: 'bgnbd' });
  console.log(
    `generated      whole scoring model (BG/NBD, Gamma-Gamma, RFM cut points) ${f(seconds(started))} s`,
  );
  for (const model of [DEFAULT_MODEL, 'bgnbd'] as TransactionModelName[]) {
    const scoringModel = model === 'bgnbd' ? fitted : fitScoringModel(all, histories.lastDay, { model });
    // Each pass a new scorer, so each starts with empty caches: what one scoring run costs.
    const rates: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const score = createScorer(scoringModel, histories.lastDay);
      // A full collection owed to the phases before (a million histories sit in this heap) is
      // not the scorer's: it is collected before the clock starts.
      globalThis.gc?.();
      started = performance.now();
      let n = 0;
      for (const h of all) if (score(h)) n++;
      rates.push(n / seconds(started));
    }
    console.log(
      `in-memory      ${model.padEnd(7)} scoring of ${f(all.length, 0)} customers, 3 passes: ${rates.map((r) => f(r, 0)).join(' / ')} customers/s; median ${f(median(rates), 0)} (lifetimes: ${f(1e6 / LIFETIMES.millionScoringInMemory, 0)} customers/s for P(alive) and two expectations)`,
    );
  }
  // After the in-memory passes: scoring the stack's customers (histories of another shape, read
  // from DynamoDB) in this process first would leave the shared scoring code tuned to two shapes.
  await againstLocalStack(all.slice(0, LOCAL_CUSTOMERS), histories.lastDay);
}

/** A customer item as the order ledger leaves it, from a history. */
function customerItem(customerId: string, h: PurchaseHistory) {
  const at = (day: number) => new Date(day * 86_400_000).toISOString();
  const days = h.purchaseDays;
  return {
    customerId,
    createdAt: at(days[0] as number),
    updatedAt: at(days[days.length - 1] as number),
    rev: 1,
    stats: {
      orders: days.length,
      firstPurchaseAt: at(days[0] as number),
      lastPurchaseAt: at(days[days.length - 1] as number),
      purchaseDays: days,
      spend: h.spend,
      firstDaySpend: h.firstDaySpend,
      categories: {},
    },
  };
}

async function againstLocalStack(histories: PurchaseHistory[], asOfDay: number) {
  const stack = spawnStack(['--api-port', '0']);
  await stack.ready();
  const descriptor = findLocalStack(stack.dataDir);
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: descriptor.dynamodbEndpoint });
  try {
    let started = performance.now();
    for (let i = 0; i < histories.length; i += 5_000) {
      const items = histories.slice(i, i + 5_000).map((h, j) => customerItem(`c${i + j}`, h));
      await batchPut(db, descriptor.tables.customers, items);
    }
    console.log(`local stack    seeded ${f(histories.length, 0)} customers in ${f(seconds(started))} s`);
    const deps = {
      population: new DynamoCustomerPopulation(db, descriptor.tables.customers),
      scores: new DynamoScoreStore(db, descriptor.tables.scores),
      models: new DynamoModelStore(db, descriptor.tables.models),
      clock: () => new Date(),
    };
    const settings = { model: DEFAULT_MODEL, churnThreshold: 0.5, unitDays: 7, penalizer: 0, segments: 8 };
    for (const pass of ['first run', 're-run']) {
      started = performance.now();
      let fitted = started;
      let stackCpuAtFit = 0;
      const run = await scoreAllCustomers(deps, settings, {
        asOf: new Date(asOfDay * 86_400_000).toISOString().slice(0, 10),
        onFitted: () => {
          fitted = performance.now();
          stackCpuAtFit = stack.cpuSeconds();
        },
      });
      const scoring = (performance.now() - fitted) / 1000;
      const stackMicros = ((stack.cpuSeconds() - stackCpuAtFit) * 1e6) / run.customers;
      const total = seconds(started);
      console.log(
        `local stack    ${pass.padEnd(9)} ${f(run.customers, 0)} customers: scan + fit ${f((fitted - started) / 1000)} s, scoring ${f(scoring)} s = ${f(run.customers / scoring, 0)} customers/s (target ≥ 5,000); whole run ${f(run.customers / total, 0)} customers/s; ${f(run.scored, 0)} written, ${f(run.unchanged, 0)} unchanged`,
      );
      console.log(
        `               the stack process spent ${f(stackMicros, 0)} µs of CPU per customer scored: 1e6 / that = ${f(1e6 / stackMicros, 0)} customers/s, about what one busy thread (dynalite's) allows`,
      );
    }
    console.log(`local stack    peak memory of the stack process ${f(stack.peakMemoryMB(), 0)} MB`);
  } finally {
    db.destroy();
    stack.child.kill('SIGINT');
    await stack.exited;
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

await cdnow('data/cdnow/CDNOW_sample.txt', 'CDNOW sample');
await cdnow('data/cdnow/CDNOW_master.txt', 'CDNOW master');
await readers();
await wholeCommands();
await generated();
console.log(`peak memory (max RSS) ${f(process.resourceUsage().maxRSS / 1024, 0)} MB`);
