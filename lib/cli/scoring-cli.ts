/**
 * The commander wiring and the printed reports of `fit`, `score` and `backtest`. Human output is
 * a short report (scores as CSV); `--json` gives one JSON document (scores: one JSON object per
 * line). Exit code 1 when rows were rejected, as for `import`.
 */

import { once } from 'node:events';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { TRANSACTION_MODELS } from '../../functions/domain/scoring/models.js';
import type { Rejection } from '../../functions/import/import-runner.js';
import type { StageConfig } from '../config.js';
import { FORMATS } from './file-format.js';
import { countOf, fmt, type Output } from './output.js';
import { MAIN_THREAD_SHARE, PARALLEL_MIN_CUSTOMERS, ScoreWorker } from './parallel-score.js';
import type { ScoreLocalResult } from './score-local-command.js';
import { csvHeader, lineBlocks, scoredRows } from './score-rows.js';
import {
  type BacktestComparison,
  type BacktestReport,
  backtestCommand,
  backtestComparison,
  FIT_MODELS,
  type FitResult,
  fitCommand,
  scoreCommand,
  TIME_UNITS,
} from './scoring-commands.js';
import { UsageError } from './usage-error.js';

const probability = (value: string) => {
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError('must be a number between 0 and 1, e.g. 0.5');
  return n;
};
const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number > 0');
  return n;
};
const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new InvalidArgumentError('must be a whole number from 0 to 1000');
  return n;
};
const nonNegative = (value: string) => {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number ≥ 0');
  return n;
};

function printRejections(rejected: number, rejections: Rejection[]) {
  if (rejected === 0) return;
  console.error(`${fmt(rejected)} row(s) rejected and left out:`);
  for (const r of rejections) console.error(`  line ${r.line}: ${r.reasons.join('; ')}`);
  if (rejected > rejections.length) console.error(`  … and ${fmt(rejected - rejections.length)} more`);
}

const round = (v: number, d = 4) => Number(v.toFixed(d));

function printFit(result: FitResult) {
  console.log(
    `${result.model} fitted on ${countOf(result.customers, 'customer')} to ${result.calibrationEnd} (time unit: ${result.timeUnit})`,
  );
  const se = result.standardErrors;
  const ci = result.intervals;
  console.log(`  ${'param'.padEnd(6)} ${'value'.padStart(14)} ${'se'.padStart(12)}  95 % CI`);
  for (const [k, v] of Object.entries(result.params)) {
    const error = se?.[k];
    const range = ci?.[k];
    console.log(
      `  ${k.padEnd(6)} ${String(round(v as number, 6)).padStart(14)} ${(error === undefined ? 'n/a' : String(round(error, 6))).padStart(12)}  ${range ? `${round(range[0], 6)}–${round(range[1], 6)}` : 'n/a'}`,
    );
  }
  console.log(
    `  log-likelihood ${round(result.logLikelihood, 4)}${result.converged ? '' : ' (not converged)'}`,
  );
  const counts = result.purchaseCounts;
  if (counts) {
    console.log(
      `  a new customer's repeat purchases in ${fmt(counts.time, 2)} ${result.timeUnit}s:  n   probability`,
    );
    for (const { purchases, probability } of counts.probabilities)
      console.log(`  ${String(purchases).padStart(47)}   ${probability.toFixed(6)}`);
    console.log(
      `  ${`> ${counts.probabilities.length - 1}`.padStart(47)}   ${counts.moreThanMax.toFixed(6)}`,
    );
  }
  if (result.matrix) console.log(`  P(alive) matrix: ${result.matrix}`);
  console.log(`  read ${result.readSeconds.toFixed(2)} s, fit ${result.fitSeconds.toFixed(2)} s`);
  for (const w of result.warnings) console.error(`warning: ${w}`);
}

const laterCustomers = (n: number) =>
  `${countOf(n, 'customer')} first bought in the holdout and ${n === 1 ? 'is' : 'are'} not in the cohort`;
const interval = ([low, high]: [number, number]) => `${round(low)}–${round(high)}`;
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(round(v)).toFixed(4)}`;

function printBacktest(r: BacktestReport) {
  console.log(
    `${r.model} backtest: calibration to ${r.calibrationEnd}, holdout to ${r.holdoutEnd} (${round(r.holdoutLength, 2)} ${r.timeUnit}s), ${countOf(r.customers, 'customer')}`,
  );
  console.log(
    `  parameters ${Object.entries(r.params)
      .map(([k, v]) => `${k}=${round(v as number, 4)}`)
      .join(' ')}, LL ${round(r.logLikelihood, 3)}`,
  );
  if (r.auc) {
    console.log(
      `  AUC for "no purchase in the holdout": model ${round(r.auc.model)} (95 % CI ${interval(r.auc.interval95.model)}), recency alone ${round(r.auc.recency)} (${interval(r.auc.interval95.recency)})`,
    );
    const gain = r.auc.modelOverRecency;
    console.log(
      `  model − recency alone: ${signed(gain.difference)} (95 % CI ${signed(gain.interval95[0])} to ${signed(gain.interval95[1])}, paired)`,
    );
  } else console.log('  AUC for "no purchase in the holdout": none (the holdout does not split the cohort)');
  console.log(
    `  holdout purchases: expected ${fmt(r.holdout.expected, 1)}, actual ${fmt(r.holdout.actual)}${r.holdout.error === null ? '' : ` (${signedPercent(r.holdout.error)})`}`,
  );
  console.log('  by calibration frequency:  x   customers   actual mean   expected mean');
  for (const row of r.byFrequency)
    console.log(
      `  ${row.frequency.padStart(27)} ${fmt(row.customers).padStart(11)} ${row.actualMean.toFixed(3).padStart(13)} ${row.expectedMean.toFixed(3).padStart(15)}`,
    );
  if (r.chart) console.log(`  tracking chart: ${r.chart}`);
  if (r.calibrationChart) console.log(`  calibration chart: ${r.calibrationChart}`);
  if (r.laterCustomers > 0) console.log(`  ${laterCustomers(r.laterCustomers)}`);
  for (const w of r.warnings) console.error(`warning: ${w}`);
}

function printComparison(r: BacktestComparison) {
  console.log(
    `backtest of every model: calibration to ${r.calibrationEnd}, holdout to ${r.holdoutEnd}, ${countOf(r.customers, 'customer')}`,
  );
  const recency = r.models[0]?.auc;
  if (recency)
    console.log(
      `  recency alone: AUC ${round(recency.recency)} (95 % CI ${interval(recency.interval95.recency)})`,
    );
  const row = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 1 || i === 5 ? c.padStart(COMPARISON_WIDTHS[i] as number) : c.padEnd(COMPARISON_WIDTHS[i] as number))).join('  ')}`;
  console.log(
    row([
      'model',
      'log-likelihood',
      'AUC (95 % CI)',
      'AUC − recency (paired 95 % CI)',
      'AUC − best (paired 95 % CI)',
      'holdout expected',
      'error',
    ]),
  );
  const gap = (d: { difference: number; interval95: [number, number] } | null | undefined) =>
    d ? `${signed(d.difference)} (${signed(d.interval95[0])} to ${signed(d.interval95[1])})` : 'n/a';
  for (const m of r.models)
    console.log(
      row([
        m.model,
        `${round(m.logLikelihood, 2).toFixed(2)}${m.converged ? ' ' : '*'}`,
        m.auc ? `${round(m.auc.model).toFixed(4)} (${interval(m.auc.interval95.model)})` : 'n/a',
        gap(m.auc?.modelOverRecency),
        m.behindBest?.difference === 0 ? 'best' : gap(m.behindBest),
        fmt(m.holdout.expected, 1),
        `${m.holdout.error === null ? 'n/a' : signedPercent(m.holdout.error)} of ${fmt(m.holdout.actual)}`,
      ]),
    );
  if (r.models.some((m) => !m.converged)) console.log('  * the fit did not fully converge');
  if (r.laterCustomers > 0) console.log(`  ${laterCustomers(r.laterCustomers)}`);
  const warnings = [...r.warnings, ...r.models.flatMap((m) => m.warnings.map((w) => `${m.model}: ${w}`))];
  for (const w of warnings) console.error(`warning: ${w}`);
}

const COMPARISON_WIDTHS = [6, 15, 22, 30, 28, 16, 0];
const signedPercent = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} %`;

/** The file's size in bytes; 0 when it cannot be read (the command then says why). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function write(stream: NodeJS.WritableStream | WriteStream, text: string | Uint8Array) {
  if (!stream.write(text)) await once(stream, 'drain');
}

function printStoredRun(r: ScoreLocalResult, json: boolean) {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(
    `scored ${countOf(r.customers, 'customer')} in the local stack with ${r.settings.model} (model ${r.version}, as of ${r.asOf}, θ ${r.settings.churnThreshold})`,
  );
  console.log(
    `  ${fmt(r.scored)} written, ${fmt(r.unchanged)} already current, ${fmt(r.skipped)} not yet buying on the as-of day`,
  );
  console.log(`  ${fmt(r.seconds, 1)} s (${fmt(r.customersPerSecond)} customers/s)`);
  console.log(
    r.published
      ? `  model ${r.version} is now current`
      : '  a model of a later day is current: these scores are stored, the current model is unchanged',
  );
  for (const w of r.warnings) console.error(`warning: ${w}`);
}

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new InvalidArgumentError('must be a whole number from 1 to 100');
  return n;
};

const PARAMS_HELP =
  "score at saved parameters (the JSON of 'reactivate fit --json') instead of fitting the transaction model";

export function registerScoringCommands(
  program: Command,
  output: (json: boolean) => Output,
  config: () => StageConfig | undefined,
  dataDir: () => string,
) {
  const common = (command: Command, orders: 'required' | 'optional' = 'required') =>
    command[orders === 'required' ? 'requiredOption' : 'option'](
      '--orders <file>',
      'orders file (CSV, JSON Lines or CDNOW)',
    )
      .addOption(
        new Option('--format <format>', 'file format (default: from the extension)').choices(FORMATS),
      )
      .addOption(
        new Option('--time-unit <unit>', 'model time unit').choices(Object.keys(TIME_UNITS)).default('week'),
      )
      .option('--penalizer <value>', 'L2 penalty on the parameters (lifetimes-compatible)', nonNegative)
      .option('--json', 'print machine-readable JSON', false);

  /** An action that prints one report (or its JSON) and exits 1 when rows were rejected. */
  const report =
    <O, R extends { rejected: number; rejections: Rejection[] }>(
      command: (options: O & { config?: StageConfig }, out: Output) => Promise<R>,
      print: (result: R) => void,
    ) =>
    async (opts: O & { json: boolean }) => {
      const result = await command({ ...opts, config: config() }, output(opts.json));
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else print(result);
      printRejections(result.rejected, result.rejections);
      process.exitCode = result.rejected > 0 ? 1 : 0;
    };

  common(program.command('fit'))
    .description('fit a model (BG/NBD, Pareto/NBD, MBG/NBD or Gamma-Gamma) to an order file')
    .option('--calibration-end <date>', 'last day of data to fit on (default: the last order)')
    .addOption(new Option('--model <model>', 'model to fit').choices(FIT_MODELS).default('pareto'))
    .option(
      '--purchases-in <t>',
      "also print P(n repeat purchases in t time units) for a new customer (lifetimes' probability_of_n_purchases_up_to_time)",
      positiveNumber,
    )
    .option('--max-purchases <n>', 'largest n of that table', wholeNumber, 10)
    .option('--matrix <file>', 'write the frequency/recency P(alive) matrix (SVG) to this file')
    .action(report(fitCommand, printFit));

  common(program.command('score'), 'optional')
    .description(
      'score every customer in an order file (one row per customer), or with --local every customer in the local stack',
    )
    .option('--local', 'score the customers stored in the running local stack and store the scores', false)
    .option('--segments <n>', 'parallel scan segments (with --local)', positiveInteger)
    .option('--as-of <date>', 'score as of this day (default: the last order)')
    .option('--threshold <θ>', 'P(alive) below which a customer counts as churned', probability, 0.5)
    .addOption(
      new Option('--model <model>', 'transaction model').choices(TRANSACTION_MODELS).default('pareto'),
    )
    .option('--output <file>', 'write the scores to this file instead of stdout')
    .option('--params <file>', PARAMS_HELP)
    .option(
      '--clv-months <n>',
      'add a column clv_<n>m: the CLV over n months, discounted monthly (as lifetimes customer_lifetime_value)',
      Number,
    )
    .option('--discount-rate <d>', 'monthly discount rate of that CLV (default 0.01)', Number)
    .action(async (opts, command: Command) => {
      // Flags the user left out fall back to the stage configuration or the params file, not to
      // commander's defaults.
      const given = (name: string) =>
        command.getOptionValueSource(name) === 'default' ? undefined : opts[name];
      if (opts.local) {
        if (opts.orders || opts.output || opts.format || opts.params)
          throw new UsageError(
            '--local scores the stored customers: leave out --orders, --format, --output and --params',
          );
        // Loaded when asked for: it brings the AWS SDK, which a file's fit or score does not need.
        const { scoreLocalCommand } = await import('./score-local-command.js');
        const result = await scoreLocalCommand(
          {
            model: given('model'),
            threshold: given('threshold'),
            timeUnit: given('timeUnit'),
            penalizer: opts.penalizer,
            segments: opts.segments,
            asOf: opts.asOf,
            dataDir: dataDir(),
            config: config(),
          },
          output(opts.json),
        );
        printStoredRun(result, opts.json);
        return;
      }
      if (!opts.orders)
        throw new UsageError('pass --orders FILE to score a file, or --local to score the stored customers');
      // Started before the file is read, so the worker's code loads while this thread reads.
      const worker = ScoreWorker.start(fileSize(opts.orders));
      let run: Awaited<ReturnType<typeof scoreCommand>>;
      let target: NodeJS.WritableStream | WriteStream;
      let threads = 1;
      try {
        run = await scoreCommand(
          { ...opts, model: given('model'), timeUnit: given('timeUnit'), config: config() },
          output(opts.json),
          worker,
        );
        target = opts.output ? createWriteStream(opts.output) : process.stdout;
        const rowOptions = { ...run.rowOptions, lapsedCategories: Boolean(opts.json) };
        if (!opts.json) await write(target, `${csvHeader(opts.clvMonths)}\n`);
        const customers = run.histories.customers;
        const split =
          worker && customers >= PARALLEL_MIN_CUSTOMERS
            ? Math.ceil(customers * MAIN_THREAD_SHARE)
            : customers;
        const rest =
          worker && split < customers
            ? worker.score({
                parts: run.histories.parts,
                model: run.model,
                options: rowOptions,
                from: split,
                to: customers,
                json: opts.json,
              })
            : undefined;
        if (rest) threads = 2;
        // Handled now: it may fail while this thread writes its own share, before it is awaited.
        rest?.catch(() => undefined);
        const mine = scoredRows(run.histories, run.model, rowOptions, 0, split);
        for (const block of lineBlocks(mine, opts.json)) await write(target, block);
        for (const block of (await rest) ?? []) await write(target, block);
      } finally {
        await worker?.stop();
      }
      if (opts.output) {
        (target as WriteStream).end();
        await once(target, 'finish');
        console.error(
          `scored ${countOf(run.customers, 'customer')} with ${run.model.transaction.model} (model ${run.model.version})${threads > 1 ? ` on ${threads} threads` : ''} → ${opts.output}`,
        );
      }
      for (const w of run.model.warnings) console.error(`warning: ${w}`);
      printRejections(run.rejected, run.rejections);
      process.exitCode = run.rejected > 0 ? 1 : 0;
    });

  common(program.command('backtest'))
    .description('fit on a calibration period, predict the holdout, report AUC and expected vs actual')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period')
    .requiredOption('--holdout-end <date>', 'last day of the holdout period')
    .addOption(
      new Option('--model <model>', 'transaction model').choices(TRANSACTION_MODELS).default('pareto'),
    )
    .option('--chart <file>', 'write the cumulative tracking chart (SVG) to this file')
    .option(
      '--calibration-chart <file>',
      'write mean actual vs expected holdout purchases by calibration frequency (SVG) to this file',
    )
    .option('--compare', 'backtest every transaction model on the same cohort, side by side', false)
    .option('--params <file>', PARAMS_HELP)
    .action(async (opts, command: Command) => {
      const given = (name: string) =>
        command.getOptionValueSource(name) === 'default' ? undefined : opts[name];
      if (!opts.compare)
        return report(
          backtestCommand,
          printBacktest,
        )({
          ...opts,
          model: given('model'),
          timeUnit: given('timeUnit'),
        });
      if (opts.chart || opts.calibrationChart || opts.params || given('model'))
        throw new UsageError(
          '--compare backtests every model: leave out --model, --params, --chart and --calibration-chart',
        );
      return report(backtestComparison, printComparison)(opts);
    });
}
