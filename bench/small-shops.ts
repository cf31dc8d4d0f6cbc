/**
 * Small shops (issue 22): how small a population can Pareto/NBD (the default) be fitted on alone,
 * and does the shrunk fit below that size rank customers as the full data's fit does?
 *
 * CDNOW master's backtest (calibration to 1997-09-30, holdout to 1998-06-30, weeks): random
 * subsets of the cohort (seeded), each fitted on its own calibration period only, by maximum
 * likelihood and by the MAP fit shrunk to the published parameters (small-population-fit.ts). For
 * each subset: did the fit converge, how far its parameters stray from the full fit's, and the
 * AUC of "no purchase in the holdout" of its expected holdout purchases against the AUC of the
 * full-data fit's on the same customers. Then the acceptance run: 200 subsets of 200 customers
 * with the product's method.
 *
 *   npm run bench:small-shops                     # both tables, about 5.5 minutes, one process
 *   npm run bench:small-shops -- --quick          # 10 subsets per size, 50 of 200 (about 30 s)
 */
import { auc } from '../functions/domain/scoring/backtest.js';
import { compress, type FitData } from '../functions/domain/scoring/fit-data.js';
import {
  type FittedTransactionModel,
  fitTransactionModel,
  transactionModel,
} from '../functions/domain/scoring/models.js';
import { fitForPopulation, fitShrunk } from '../functions/domain/scoring/small-population-fit.js';
import { prng } from '../lib/demo/random.js';
import { cdnowBacktest, HOLDOUT, UNIT_DAYS } from './cdnow-backtest.js';

const quick = process.argv.includes('--quick');
const SIZES = [25, 50, 100, 200, 500, 1000, 2000];
const PER_SIZE = quick ? 10 : 40;
const ACCEPTANCE_SUBSETS = quick ? 50 : 200;
const ACCEPTANCE_SIZE = 200;
const TOLERANCE = 0.01;

const master = await cdnowBacktest('data/cdnow/CDNOW_master.txt');
const full = transactionModel(fitTransactionModel('pareto', master.calibration));
const fullExpected = master.cohort.map((c) => full.expected(HOLDOUT, c.x, c.tx, c.T));
console.log(
  `CDNOW master: ${master.cohort.length.toLocaleString('en-US')} customers; full Pareto/NBD fit r ${fmt(master.pareto.params.r)}, α ${fmt(master.pareto.params.alpha)}, s ${fmt(master.pareto.params.s)}, β ${fmt(master.pareto.params.beta)}`,
);

/** `size` distinct cohort indices, drawn by a partial Fisher–Yates shuffle. */
function subset(random: () => number, size: number): number[] {
  const pool = master.cohort.map((_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, size);
}

function fitDataOf(indices: readonly number[]): FitData {
  return compress(
    indices.map((i) => {
      const c = master.cohort[i] as (typeof master.cohort)[number];
      return { x: c.x, txDays: Math.round(c.tx * UNIT_DAYS), TDays: Math.round(c.T * UNIT_DAYS) };
    }),
    UNIT_DAYS,
  );
}

interface Trial {
  failed: boolean;
  converged: boolean;
  /** max over parameters of |ln(subset / full)|: how far the fit strays. */
  logError: number;
  /** AUC of the subset fit minus the full fit's, on the subset's customers (NaN: no AUC). */
  aucGap: number;
  fullAuc: number;
  seconds: number;
}

function trial(indices: readonly number[], fitOn: (data: FitData) => FittedTransactionModel): Trial {
  const started = performance.now();
  const quiet = indices.map((i) => master.quiet[i] as boolean);
  const fullScores = indices.map((i) => -(fullExpected[i] as number));
  const fullAuc = auc(fullScores, quiet);
  try {
    const fitted = fitOn(fitDataOf(indices));
    const model = transactionModel(fitted);
    const scores = indices.map((i) => {
      const c = master.cohort[i] as (typeof master.cohort)[number];
      return -model.expected(HOLDOUT, c.x, c.tx, c.T);
    });
    const failed = scores.some((s) => !Number.isFinite(s));
    const p = fitted.params as unknown as Record<string, number>;
    const reference = master.pareto.params as unknown as Record<string, number>;
    const logError = Math.max(
      ...Object.keys(reference).map((k) => Math.abs(Math.log((p[k] as number) / (reference[k] as number)))),
    );
    return {
      failed,
      converged: fitted.converged,
      logError,
      aucGap: failed ? Number.NaN : auc(scores, quiet) - fullAuc,
      fullAuc,
      seconds: (performance.now() - started) / 1000,
    };
  } catch {
    return { failed: true, converged: false, logError: Number.NaN, aucGap: Number.NaN, fullAuc, seconds: 0 };
  }
}

const METHODS: [string, (data: FitData) => FittedTransactionModel][] = [
  ['maximum likelihood', (data) => fitTransactionModel('pareto', data)],
  ['shrunk, τ 0.5', (data) => fitShrunk('pareto', data, { unitDays: UNIT_DAYS, priorLogSd: 0.5 })],
  ['shrunk, τ 1', (data) => fitShrunk('pareto', data, { unitDays: UNIT_DAYS, priorLogSd: 1 })],
  ['shrunk, τ 2', (data) => fitShrunk('pareto', data, { unitDays: UNIT_DAYS, priorLogSd: 2 })],
  [
    'shrunk, τ 1, CDNOW clock',
    (data) => fitShrunk('pareto', data, { unitDays: UNIT_DAYS, fixedClock: true }),
  ],
];

console.log(
  `\nsubsampling: ${PER_SIZE} random subsets per size (seeded), each fitted alone on its calibration period\n` +
    '  size  method                     failed  not conv.  median max|ln θ/θ_full|  AUC − full fit’s AUC: mean  p5       p95      |gap|>0.01  s/fit',
);
for (const size of SIZES) {
  const random = prng(size);
  const subsets = Array.from({ length: PER_SIZE }, () => subset(random, size));
  for (const [name, fit] of METHODS) {
    const trials = subsets.map((s) => trial(s, fit));
    const gaps = trials.map((t) => t.aucGap).filter((g) => !Number.isNaN(g));
    const errors = trials.map((t) => t.logError).filter((e) => !Number.isNaN(e));
    console.log(
      `  ${String(size).padStart(4)}  ${name.padEnd(25)}  ${String(trials.filter((t) => t.failed).length).padStart(6)}  ${String(trials.filter((t) => !t.converged).length).padStart(9)}  ${fmt(quantile(errors, 0.5)).padStart(24)}  ${signed(mean(gaps)).padStart(27)}  ${signed(quantile(gaps, 0.05))}  ${signed(quantile(gaps, 0.95))}  ${String(gaps.filter((g) => Math.abs(g) > TOLERANCE).length).padStart(10)}  ${mean(trials.map((t) => t.seconds)).toFixed(2)}`,
    );
  }
}

// The acceptance run: the product's own choice of method (fitForPopulation) on 200 subsets of 200,
// and for comparison the other methods on the same subsets.
const random = prng(22);
const acceptanceSubsets = Array.from({ length: ACCEPTANCE_SUBSETS }, () => subset(random, ACCEPTANCE_SIZE));
const product: [string, (data: FitData) => FittedTransactionModel] = [
  "the product's (fitForPopulation)",
  (data) => fitForPopulation('pareto', data, { unitDays: UNIT_DAYS }),
];
const fullAucs = acceptanceSubsets.map(
  (s) => trial(s, (data) => fitTransactionModel('pareto', data)).fullAuc,
);
console.log(
  `\n${ACCEPTANCE_SUBSETS} random subsets of ${ACCEPTANCE_SIZE} customers (seed 22), each fitted alone; AUC of the subset's fit − AUC of the full data's fit on the same customers\n` +
    `  (for scale, the AUC's own sampling noise at ${ACCEPTANCE_SIZE} customers: the full fit's AUC over these subsets has SD ${sd(fullAucs).toFixed(4)}, p5 ${quantile(fullAucs, 0.05).toFixed(4)}, p95 ${quantile(fullAucs, 0.95).toFixed(4)})\n` +
    '  method                            failed  not conv.  mean     median   p5       p95      min      max      |gap|>0.01  worse by >0.01',
);
for (const [name, fit] of [product, ...METHODS]) {
  const trials = acceptanceSubsets.map((s) => trial(s, fit));
  const gaps = trials.map((t) => t.aucGap).filter((g) => !Number.isNaN(g));
  console.log(
    `  ${name.padEnd(32)}  ${String(trials.filter((t) => t.failed).length).padStart(6)}  ${String(trials.filter((t) => !t.converged).length).padStart(9)}  ${[0.5, 0.05, 0.95].reduce((line, q) => `${line}  ${signed(quantile(gaps, q))}`, signed(mean(gaps)))}  ${signed(Math.min(...gaps))}  ${signed(Math.max(...gaps))}  ${String(gaps.filter((g) => Math.abs(g) > TOLERANCE).length).padStart(10)}  ${String(gaps.filter((g) => g < -TOLERANCE).length).padStart(14)}`,
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
function sd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}
function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}
function signed(v: number): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`;
}
