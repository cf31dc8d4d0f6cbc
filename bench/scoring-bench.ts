/**
 * `npm run bench:scoring`: how fast the models fit and score on this machine.
 *
 * - Fit time (read + summary + fit) on the CDNOW sample and master, per model.
 * - A generated population of BENCH_CUSTOMERS (default 1,000,000) customers drawn from the BG/NBD
 *   process with CDNOW's parameters (about 3 orders each): read + summary, BG/NBD fit, and the
 *   parameters recovered against the true ones.
 * - In-memory scoring throughput (customers/s, one core) of the default model over that population.
 * - Peak memory (max RSS) of the whole run.
 * Scoring against the local stack is not built yet (see the issue note), so it is not measured.
 */
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { createScorer } from '../functions/domain/scoring/customer-scores.js';
import { DEFAULT_MODEL, type TransactionModelName } from '../functions/domain/scoring/models.js';
import { fitScoringModel, type PurchaseHistory } from '../functions/domain/scoring/scoring-model.js';
import { epochDay } from '../functions/domain/timestamps.js';
import { readLines } from '../functions/import/line-reader.js';
import { readOrderHistories } from '../functions/import/order-histories.js';
import { readCdnowRecords, readCsvRecords } from '../functions/import/record-readers.js';
import { REQUIRED_ORDER_COLUMNS } from '../functions/import/row-mapping.js';
import { ingestSettings } from '../functions/use-cases/ingest-settings.js';
import { CDNOW_BGNBD, generateBtydOrders } from './generate-btyd.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const DATA = 'bench/.data';
const settings = ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: {} });
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
  let started = performance.now();
  const histories = await readOrderHistories(
    readCsvRecords(readLines(createReadStream(file)), REQUIRED_ORDER_COLUMNS),
    settings,
  );
  const all: PurchaseHistory[] = [...histories.at(histories.lastDay)].map((e) => e.history);
  const readTime = seconds(started);
  console.log(`generated      read + summary of ${f(histories.counts.rows, 0)} orders: ${f(readTime)} s`);
  started = performance.now();
  const fitted = fitScoringModel(all, histories.lastDay, { model: 'bgnbd' });
  const fitTime = seconds(started);
  const p = fitted.transaction.params as typeof CDNOW_BGNBD;
  console.log(
    `generated      bgnbd fit (with Gamma-Gamma and RFM cut points) ${f(fitTime)} s; total ${f(readTime + fitTime)} s (target < 10 s)`,
  );
  console.log(
    `               recovered r=${f(p.r, 3)} α=${f(p.alpha, 3)} a=${f(p.a, 3)} b=${f(p.b, 3)} (true ${Object.values(CDNOW_BGNBD).join(', ')})`,
  );
  for (const model of [DEFAULT_MODEL, 'bgnbd'] as TransactionModelName[]) {
    const scoringModel = model === 'bgnbd' ? fitted : fitScoringModel(all, histories.lastDay, { model });
    for (const pass of ['first', 'second']) {
      const score = createScorer(scoringModel, histories.lastDay);
      started = performance.now();
      let n = 0;
      for (const h of all) if (score(h)) n++;
      const t = seconds(started);
      console.log(
        `in-memory      ${model.padEnd(7)} scoring (${pass} pass): ${f(n, 0)} customers in ${f(t)} s = ${f(n / t, 0)} customers/s (target ≥ 1,000,000)`,
      );
    }
  }
}

await cdnow('../shared/data/cdnow/CDNOW_sample.txt', 'CDNOW sample');
await cdnow('../shared/data/cdnow/CDNOW_master.txt', 'CDNOW master');
await generated();
console.log(`peak memory (max RSS) ${f(process.resourceUsage().maxRSS / 1024, 0)} MB`);
