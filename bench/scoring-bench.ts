/**
 * `npm run bench:scoring`: how fast the models fit and score on this machine.
 *
 * - Fit time (read + summary + fit) on the CDNOW sample and master, per model.
 * - A generated population of BENCH_CUSTOMERS (default 1,000,000) customers drawn from the BG/NBD
 *   process with CDNOW's parameters (about 3 orders each): read + summary, BG/NBD fit, and the
 *   parameters recovered against the true ones.
 * - In-memory scoring throughput (customers/s, one core) of the default model over that population,
 *   each pass from a collected heap (`--expose-gc`).
 * - Scoring against the local stack (`reactivate start --in-memory` as its own process, the way a
 *   user runs it): BENCH_LOCAL_CUSTOMERS (default 100,000) of those customers are seeded straight
 *   into the customers table, then every customer is scored twice through the same use case as
 *   `reactivate score --local` — a first run (every score written) and a re-run (nothing written).
 * - Peak memory (max RSS) of the whole run.
 */
import { createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { batchPut } from '../functions/adapters/dynamodb-batch.js';
import { DynamoCustomerPopulation } from '../functions/adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../functions/adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../functions/adapters/dynamodb-score-store.js';
import { createScorer } from '../functions/domain/scoring/customer-scores.js';
import { DEFAULT_MODEL, type TransactionModelName } from '../functions/domain/scoring/models.js';
import { fitScoringModel, type PurchaseHistory } from '../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../functions/domain/timestamps.js';
import { readLines } from '../functions/import/line-reader.js';
import { readOrderHistories } from '../functions/import/order-histories.js';
import { readCdnowRecords } from '../functions/import/record-readers.js';
import { createDynamoClient } from '../functions/shared/aws-clients.js';
import { ingestSettings } from '../functions/use-cases/ingest-settings.js';
import { scoreAllCustomers } from '../functions/use-cases/score-customers.js';
import { fitCommand, loadOrders } from '../lib/cli/scoring-commands.js';
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

async function cdnow(file: string, label: string) {
  for (const model of ['bgnbd', 'pareto', 'mbgnbd'] as TransactionModelName[]) {
    const started = performance.now();
    const histories = await readOrderHistories(readCdnowRecords(readLines(createReadStream(file))), settings);
    const asOf = epochDay('1997-09-30');
    const all = [...histories.at(asOf)].map((e) => e.history);
    const fitted = fitScoringModel(all, asOf, { model });
    console.log(
      `${label.padEnd(14)} ${model.padEnd(7)} ${f(fitted.transaction.customers, 0).padStart(9)} customers  fit incl. read ${f(seconds(started))} s  LL ${f(fitted.transaction.logLikelihood, 3)}`,
    );
  }
}

async function generated() {
  mkdirSync(DATA, { recursive: true });
  const file = `${DATA}/btyd-${CUSTOMERS}.csv`;
  if (!existsSync(file)) {
    console.log(`generating ${f(CUSTOMERS, 0)} customers from the BG/NBD process → ${file} …`);
    const { orders } = await generateBtydOrders(file, { customers: CUSTOMERS });
    console.log(`  ${f(orders, 0)} orders`);
  }
  // What `reactivate fit --model bgnbd` does: read + summary, then the BG/NBD fit alone.
  const fit = await fitCommand({ orders: file, format: 'csv', model: 'bgnbd' }, QUIET);
  const p = fit.params as typeof CDNOW_BGNBD;
  console.log(
    `generated      reactivate fit --model bgnbd: read + summary of ${f(CUSTOMERS, 0)} customers ${f(fit.readSeconds)} s, fit ${f(fit.fitSeconds)} s; total ${f(fit.readSeconds + fit.fitSeconds)} s (target < 10 s); LL ${f(fit.logLikelihood, 3)}`,
  );
  console.log(
    `               recovered r=${f(p.r, 3)} α=${f(p.alpha, 3)} a=${f(p.a, 3)} b=${f(p.b, 3)} (true ${Object.values(CDNOW_BGNBD).join(', ')})`,
  );
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
    const median = [...rates].sort((a, b) => a - b)[1] as number;
    console.log(
      `in-memory      ${model.padEnd(7)} scoring of ${f(all.length, 0)} customers, 3 passes: ${rates.map((r) => f(r, 0)).join(' / ')} customers/s; median ${f(median, 0)} (target ≥ 1,000,000)`,
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
await generated();
console.log(`peak memory (max RSS) ${f(process.resourceUsage().maxRSS / 1024, 0)} MB`);
