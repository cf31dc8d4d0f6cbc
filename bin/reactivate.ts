/**
 * The `reactivate` CLI. Commands: `start` (the local stack), `import`, the scoring commands
 * `fit`, `score` and `backtest`, `demo` (a whole campaign on a generated shop) and `doctor` (is an
 * account ready for a campaign), `redrive` (a dead-letter queue back to its target). Exit codes:
 * 0 success, 1 some input rejected (or a readiness check failed, or a redriven message refused
 * again), 2 usage or environment errors (bad flags, unreadable files, no local stack).
 */

import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { FORMATS, type Format } from '../lib/cli/file-format.js';
import type { FileSummary } from '../lib/cli/import-command.js';
import { fmt, type Output } from '../lib/cli/output.js';
import { registerScoringCommands } from '../lib/cli/scoring-cli.js';
import { ImportInterruptedError, UsageError } from '../lib/cli/usage-error.js';
import { ConfigError, parseStageConfig, type StageConfig } from '../lib/config.js';
import { DEAD_LETTER_QUEUE_NAMES } from '../lib/dead-letter-queues.js';
import { PortInUseError } from '../lib/local/listen.js';
import { LOCAL_ACCOUNT_KINDS } from '../lib/local/local-account.js';
import { LocalApiUnreachableError } from '../lib/local/patient-fetch.js';
import { DEFAULT_PORTS, NoLocalStackError, StackAlreadyRunningError } from '../lib/local/stack-descriptor.js';

// `reactivate score … | head` (or `2>&1 | head`): a reader that stops early closes the pipe. That
// ends the output quietly, as it does for any Unix tool, instead of an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

/** How long Ctrl-C waits for the local stack to close before the process ends anyway. */
const STOP_GRACE_MS = 8_000;

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('reactivate')
  .description('Scheduled customer reactivation (win-back) campaigns on AWS — and on this machine.')
  .version(version, '-V, --version', 'print the version')
  .option('--data-dir <dir>', 'folder of the local stack (data, token, descriptor)', '.local')
  .option('--config <file>', 'stage configuration JSON (defaults: time zone, currency, rates)')
  .showHelpAfterError();

const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0');
  return n;
};

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
};

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};

function loadConfig(file: string): StageConfig;
function loadConfig(file: string | undefined): StageConfig | undefined;
function loadConfig(file: string | undefined): StageConfig | undefined {
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return parseStageConfig({ stage: 'local', ...(raw as object) }, file);
}

const output = (json: boolean): Output => ({ json, interactive: Boolean(process.stderr.isTTY) });

program
  .command('start')
  .description('run the local stack: DynamoDB (dynalite), SES v2 with its inbox, and the HTTP API')
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--api-port <port>', 'HTTP API port', port, DEFAULT_PORTS.api)
  .option('--dynamodb-port <port>', 'DynamoDB port', port, DEFAULT_PORTS.dynamodb)
  .option('--ses-port <port>', 'SES v2 and inbox port', port, DEFAULT_PORTS.ses)
  .option('--in-memory', 'keep DynamoDB in memory (nothing survives a restart)', false)
  .option('--token <token>', 'API access token (default: kept in the data folder)')
  .addOption(
    new Option(
      '--account <kind>',
      'the AWS account `reactivate doctor` finds: a new, sandboxed one or one in production',
    )
      .choices(LOCAL_ACCOUNT_KINDS)
      .default('sandbox'),
  )
  .option(
    '--time-scale <days>',
    'simulated days per real second (0.5, 1, 2…), applied once the stack is up; default: real time',
    positiveNumber,
  )
  .option(
    '--lambda-concurrency <n>',
    "function instances that may run at once, as Lambda's concurrency limit (default: 8 per CPU core)",
    positiveInteger,
  )
  .option(
    '--ses-rate <per-second>',
    "enforce SES's maximum send rate locally: emails per second of the stack's clock (default: counted, not limited)",
    positiveNumber,
  )
  .option(
    '--sms-rate <parts-per-second>',
    "enforce the SMS origination's rate locally: parts per second of the stack's clock (default: counted, not limited)",
    positiveNumber,
  )
  .action(async (opts) => {
    const globals = program.opts();
    // Loaded here, not at the top: the other commands must not carry the emulators in memory.
    const { startLocalStack } = await import('../lib/local/local-stack.js');
    const stack = await startLocalStack({
      config: loadConfig(globals.config) ?? parseStageConfig({ stage: 'local' }),
      host: opts.host,
      ports: { api: opts.apiPort, dynamodb: opts.dynamodbPort, ses: opts.sesPort },
      dataDir: globals.dataDir,
      inMemory: opts.inMemory,
      token: opts.token ?? process.env.REACTIVATE_LOCAL_TOKEN,
      account: opts.account,
      ...(opts.lambdaConcurrency ? { lambdaConcurrency: opts.lambdaConcurrency } : {}),
      sendRates: {
        ...(opts.sesRate ? { email: opts.sesRate } : {}),
        ...(opts.smsRate ? { sms: opts.smsRate } : {}),
      },
    });
    if (opts.timeScale) {
      // The state machines are synthesized first (seconds of CPU): the fast clock starts after.
      await stack.stepFunctions();
      stack.clock.setScale(opts.timeScale * 86_400);
    }
    const speed = opts.timeScale
      ? `\n  Clock      ${opts.timeScale} simulated day(s) per second, from ${new Date(stack.clock.now()).toISOString()}`
      : '';
    const where = opts.inMemory ? 'in memory' : `in ${globals.dataDir}/ (kept between runs)`;
    console.log(`Reactivate local stack is up — data ${where}
  HTTP API   ${stack.apiUrl}/v1
  Console    ${stack.apiUrl}/console/  (sign in with a token below)
  Token      ${stack.token}  (admin: every route)
  Role tokens ${Object.entries(stack.tokens)
    .filter(([role]) => role !== 'admin')
    .map(([role, token]) => `${role} ${token}`)
    .join(' · ')}
  SES inbox  ${stack.sesUrl}
  DynamoDB   ${stack.dynamodbEndpoint}  (tables ${Object.values(stack.tables).join(', ')})${speed}
  Watch      ${stack.apiUrl}/_local/executions · /_local/lambda · /_local/rates · /_local/clock (docs/local-stack.md)

Try it:
  curl -H "Authorization: Bearer ${stack.token}" ${stack.apiUrl}/v1/customers/00001
  npm run reactivate -- import --orders data/cdnow/CDNOW_master.txt --format cdnow

Press Ctrl-C to stop.`);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      // dynalite closes its database while requests that are between a read and a write are
      // still running, and those throw from a callback. Expected while stopping under load.
      process.on('uncaughtException', (error) => {
        if (error.message !== 'Database is closed') throw error;
      });
      console.log(`\n${signal}: stopping the local stack… (again to stop at once)`);
      // However much is queued (thousands of requests, journeys mid-step), the stack is given a
      // few seconds to close cleanly, then the process ends.
      const closed = await Promise.race([
        stack.close().then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS).unref()),
      ]);
      console.log(closed ? 'stopped.' : `stopped (gave up waiting after ${STOP_GRACE_MS / 1000} s).`);
      process.exit(0);
    };
    const onSignal = (signal: string) => {
      if (stopping) process.exit(130);
      void stop(signal);
    };
    process.on('SIGINT', () => onSignal('SIGINT'));
    process.on('SIGTERM', () => onSignal('SIGTERM'));
  });

function printSummaries(summaries: FileSummary[], out: Output, rejectsFile: string | undefined) {
  if (out.json) {
    console.log(JSON.stringify({ ok: summaries.every((s) => s.rejected === 0), files: summaries }, null, 2));
    return;
  }
  for (const s of summaries) {
    console.log(
      `${s.kind} ${s.file}: ${fmt(s.rows)} rows in ${fmt(s.seconds, 1)} s (${fmt(s.rowsPerSecond)} rows/s) — ` +
        `${fmt(s.accepted)} accepted, ${fmt(s.unchanged)} unchanged, ${fmt(s.rejected)} rejected`,
    );
    const shown = [...s.rejections].sort((a, b) => a.line - b.line).slice(0, 50);
    for (const r of shown) console.error(`  line ${r.line}: ${r.reasons.join('; ')}`);
    if (s.rejected > shown.length) {
      console.error(
        `  … and ${fmt(s.rejected - shown.length)} more${rejectsFile ? ` (all in ${rejectsFile})` : '; pass --rejects FILE to keep them all'}`,
      );
    }
  }
}

program
  .command('import')
  .description('import customers and/or orders (CSV, JSON Lines or CDNOW) into the local stack')
  .option(
    '--customers <file>',
    'customers file: customer_id, email, phone, first_name, time_zone, locale, email_opt_in, sms_opt_in, …',
  )
  .option(
    '--orders <file>',
    'orders file: order_id, customer_id, ordered_at, amount, currency, categories, status',
  )
  .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(FORMATS))
  .option('--rejects <file>', 'write every rejected row (line and reasons) to this JSON Lines file')
  .option('--endpoint <url>', 'DynamoDB endpoint (default: the running local stack)')
  .option('--customers-table <name>', 'customers table (with --endpoint)')
  .option('--orders-table <name>', 'orders table (with --endpoint)')
  .option('--json', 'print a machine-readable summary', false)
  .action(async (opts) => {
    const globals = program.opts();
    const out = output(opts.json);
    const { importCommand } = await import('../lib/cli/import-command.js');
    const summaries = await importCommand(
      {
        ...opts,
        format: opts.format as Format | undefined,
        dataDir: globals.dataDir,
        config: loadConfig(globals.config),
      },
      out,
    );
    printSummaries(summaries, out, opts.rejects);
    process.exitCode = summaries.every((s) => s.rejected === 0) ? 0 : 1;
  });

program
  .command('demo')
  .description('run a whole campaign on a generated shop in the local stack, time running fast')
  .option('--customers <n>', 'customers in the generated shop', (v) => Number(v), 1000)
  .option(
    '--days-per-second <n>',
    'simulated days per real second once the campaign starts',
    (v) => Number(v),
    2,
  )
  .option('--seed <n>', 'seed of the generated shop (the same seed, the same shop)', (v) => Number(v), 2026)
  .option('--keep', 'keep the local stack running afterwards (read the inbox), until Ctrl-C', false)
  .option('--json', 'print a machine-readable summary', false)
  .action(async (opts) => {
    const out = output(opts.json);
    const { demoCommand } = await import('../lib/cli/demo-command.js');
    const { printDemoSummary } = await import('../lib/cli/demo-report.js');
    const config = loadConfig(program.opts().config);
    const summary = await demoCommand(
      {
        customers: opts.customers,
        daysPerSecond: opts.daysPerSecond,
        seed: opts.seed,
        keep: opts.keep,
        ...(config ? { config } : {}),
        ...(opts.json ? {} : { say: (line: string) => console.log(line) }),
      },
      out,
    );
    if (opts.json) console.log(JSON.stringify(summary, null, 2));
    else printDemoSummary(summary);
    process.exitCode = summary.duplicates === 0 ? 0 : 1;
  });

program
  .command('preview')
  .description(
    "a campaign's dry run on the running local stack: who it would reach, by which channel, when, and its warnings",
  )
  .argument('<campaign>', 'the campaign id')
  .option('--json', 'print the preview as JSON', false)
  .action(async (campaignId: string, opts) => {
    const globals = program.opts();
    const { previewCommand, previewLines } = await import('../lib/cli/preview-command.js');
    const config = loadConfig(globals.config);
    const preview = await previewCommand({
      campaignId,
      dataDir: globals.dataDir,
      ...(config ? { config } : {}),
    });
    console.log(opts.json ? JSON.stringify(preview, null, 2) : previewLines(preview).join('\n'));
  });

program
  .command('report')
  .description(
    "a campaign's report from the running local stack: steps, responses, lift over the control group, cost",
  )
  .argument('<campaign>', 'the campaign id')
  .option('--json', 'print the report as JSON', false)
  .option(
    '--live',
    "read every journey now, however large the campaign (default: as the API answers — a campaign above reports.liveJourneys gets its run's stored report)",
    false,
  )
  .action(async (campaignId: string, opts) => {
    const globals = program.opts();
    const { reportCommand, reportLines } = await import('../lib/cli/report-command.js');
    const config = loadConfig(globals.config);
    const report = await reportCommand({
      campaignId,
      dataDir: globals.dataDir,
      live: opts.live,
      ...(config ? { config } : {}),
    });
    console.log(opts.json ? JSON.stringify(report, null, 2) : reportLines(report).join('\n'));
  });

program
  .command('doctor')
  .description(
    'read-only readiness check of an AWS account and a deployed stage: SES, SMS, Scheduler, tables, state machines',
  )
  .option('--stage <stage>', "the stage, as cdk's -c stage=… (default: the --config file's stage, else dev)")
  .option(
    '--volume <customers>',
    'customers a campaign would reach, to weigh quotas and limits against',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new InvalidArgumentError('must be a whole number of customers, 1 or more');
      return n;
    },
  )
  .option('--local', 'check the running local stack and the account it simulates instead of AWS', false)
  .option('--json', 'print the report as JSON', false)
  .action(async (opts) => {
    const globals = program.opts();
    const { doctorCommand, doctorLines } = await import('../lib/cli/doctor-command.js');
    const report = await doctorCommand({
      stage: opts.stage,
      configFile: globals.config,
      volume: opts.volume,
      ...(opts.local ? { localDataDir: globals.dataDir } : {}),
    });
    console.log(opts.json ? JSON.stringify(report, null, 2) : doctorLines(report).join('\n'));
    process.exitCode = report.status === 'fail' ? 1 : 0;
  });

program
  .command('redrive')
  .description(
    "hand the messages of a deployed stage's dead-letter queue back to their target, once the cause is fixed",
  )
  .option('--stage <stage>', "the stage, as cdk's -c stage=… (default: the --config file's stage, else dev)")
  .addOption(
    new Option('--queue <name>', 'the dead-letter queue (all of them with --dry-run)').choices(
      DEAD_LETTER_QUEUE_NAMES,
    ),
  )
  .option(
    '--region <region>',
    "where the stage is deployed (default: the config's region, else the AWS profile's)",
  )
  .option('--dry-run', 'count the messages waiting in each queue, move none', false)
  .option(
    '--max <messages>',
    'redrive at most this many messages',
    (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number, 1 or more');
      return n;
    },
    1000,
  )
  .option('--json', 'print the report as JSON', false)
  .action(async (opts) => {
    const { redriveCommand, redriveLines, redriveSucceeded } = await import('../lib/cli/redrive-command.js');
    const report = await redriveCommand({
      stage: opts.stage,
      configFile: program.opts().config,
      region: opts.region,
      queue: opts.queue,
      dryRun: opts.dryRun,
      max: opts.max,
    });
    console.log(opts.json ? JSON.stringify(report, null, 2) : redriveLines(report).join('\n'));
    process.exitCode = redriveSucceeded(report) ? 0 : 1;
  });

registerScoringCommands(
  program,
  output,
  () => loadConfig(program.opts().config),
  () => program.opts().dataDir,
);

try {
  await program.parseAsync();
} catch (error) {
  const known = [
    UsageError,
    ImportInterruptedError,
    ConfigError,
    NoLocalStackError,
    StackAlreadyRunningError,
    PortInUseError,
    LocalApiUnreachableError,
  ].some((E) => error instanceof E);
  // One line a person can act on; the stack trace only when asked for (REACTIVATE_DEBUG=1).
  const cause = (error as Error).cause as { message?: string; code?: string } | undefined;
  const line = `${(error as Error).message}${!known && cause ? ` (${cause.code ?? cause.message})` : ''}`;
  console.error(`reactivate: ${line}`);
  if (!known && process.env.REACTIVATE_DEBUG) console.error((error as Error).stack);
  process.exit(2);
}
