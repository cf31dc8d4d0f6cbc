/**
 * `npm run bench:import`: import throughput and memory on the local stack, the way a user runs
 * it — the stack (`reactivate start --in-memory`) and the importer (`reactivate import`) as two
 * processes. Scenarios: CDNOW master (69,659 orders, 23,570 new customers), then a generated
 * population of 1,000,000 orders (customers first, then orders), each followed by a re-import
 * (every row unchanged). Prints orders per second and the importer's and the stack's peak memory.
 *
 * Options (environment): BENCH_ORDERS (default 1000000), BENCH_ORDERS_PER_CUSTOMER (mean, default
 * 3 as in CDNOW; the import rate grows with it, see docs/scale-and-cost.md), BENCH_TIME_ORDERED=1
 * (orders by date instead of by customer: fewer orders per customer commit).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import type { FileSummary } from '../lib/cli/import-command.js';
import { processCpuSeconds, type StackProcess, spawnStack } from '../tests/support/stack-process.js';
import { generatePopulation } from './generate-orders.js';

const run = promisify(execFile);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const TIME_ORDERED = process.env.BENCH_TIME_ORDERED === '1';
const ORDERS_PER_CUSTOMER = Number(process.env.BENCH_ORDERS_PER_CUSTOMER ?? 3);
const DATA = 'bench/.data';
const TARGET_RATE = 5_000;
const TARGET_MEMORY_MB = 300;

type Stack = StackProcess & { stop(): Promise<void> };

async function startStack(): Promise<Stack> {
  const stack = spawnStack(['--api-port', '0', '--token', 'bench']);
  await stack.ready();
  return {
    ...stack,
    stop: async () => {
      stack.child.kill('SIGINT');
      await stack.exited;
      rmSync(stack.dataDir, { recursive: true, force: true });
    },
  };
}

async function importFile(
  stack: Stack,
  kind: 'customers' | 'orders',
  file: string,
  format?: string,
): Promise<Measured> {
  const args = [
    'bin/reactivate.js',
    '--data-dir',
    stack.dataDir,
    'import',
    `--${kind}`,
    file,
    '--json',
    ...(format ? ['--format', format] : []),
  ];
  const cpuBefore = stack.cpuSeconds();
  const importerBefore = reapedChildrenCpuSeconds();
  const { stdout } = await run('node', args, { maxBuffer: 1 << 26 }).catch((e) => e as { stdout: string });
  const summary = (JSON.parse(stdout) as { files: FileSummary[] }).files[0] as FileSummary;
  return {
    ...summary,
    stackCpuSeconds: stack.cpuSeconds() - cpuBefore,
    importerCpuSeconds: reapedChildrenCpuSeconds() - importerBefore,
  };
}

/** CPU seconds of this process's exited children: the importer, once it exits (the stack, still running, is not in it). */
const reapedChildrenCpuSeconds = () => processCpuSeconds('self', true);

type Measured = FileSummary & { stackCpuSeconds: number; importerCpuSeconds: number };

/** Microseconds of the stack's CPU per row: dynalite is one JavaScript thread, so 1e6 / this is about the most it can serve. */
const stackMicrosPerRow = (s: Measured) => (s.stackCpuSeconds * 1e6) / s.rows;
const importerMicrosPerRow = (s: Measured) => (s.importerCpuSeconds * 1e6) / s.rows;
const CORES = availableParallelism();

const rows: string[][] = [];
function report(scenario: string, s: Measured, stackMB: number) {
  rows.push([
    scenario,
    s.rows.toLocaleString('en-US'),
    `${s.accepted.toLocaleString('en-US')} / ${s.unchanged.toLocaleString('en-US')} / ${s.rejected.toLocaleString('en-US')}`,
    s.seconds.toFixed(1),
    Math.round(s.rowsPerSecond).toLocaleString('en-US'),
    s.peakMemoryMB.toLocaleString('en-US'),
    stackMB.toLocaleString('en-US'),
    Math.round(stackMicrosPerRow(s)).toLocaleString('en-US'),
    Math.round(importerMicrosPerRow(s)).toLocaleString('en-US'),
  ]);
  console.error(`  ${scenario}: ${Math.round(s.rowsPerSecond).toLocaleString('en-US')} rows/s`);
}

async function main() {
  mkdirSync(DATA, { recursive: true });
  console.error(
    `Generating ${ORDERS.toLocaleString('en-US')} orders${TIME_ORDERED ? ' (by date)' : ''} in ${DATA}/ …`,
  );
  if (!(ORDERS_PER_CUSTOMER >= 1)) throw new Error('BENCH_ORDERS_PER_CUSTOMER must be a number ≥ 1');
  const population = await generatePopulation(DATA, ORDERS, {
    timeOrdered: TIME_ORDERED,
    ordersPerCustomer: ORDERS_PER_CUSTOMER,
  });
  console.error(
    `  ${population.customers.toLocaleString('en-US')} customers, ${population.orders.toLocaleString('en-US')} orders`,
  );

  console.error('CDNOW master …');
  let stack = await startStack();
  const cdnow = 'data/cdnow/CDNOW_master.txt';
  report(
    'CDNOW master, first import',
    await importFile(stack, 'orders', cdnow, 'cdnow'),
    stack.peakMemoryMB(),
  );
  report('CDNOW master, re-import', await importFile(stack, 'orders', cdnow, 'cdnow'), stack.peakMemoryMB());
  await stack.stop();

  console.error('Generated population …');
  stack = await startStack();
  report(
    'generated customers',
    await importFile(stack, 'customers', population.customersFile),
    stack.peakMemoryMB(),
  );
  const first = await importFile(stack, 'orders', population.ordersFile);
  report('generated orders, first import', first, stack.peakMemoryMB());
  report(
    'generated orders, re-import',
    await importFile(stack, 'orders', population.ordersFile),
    stack.peakMemoryMB(),
  );
  await stack.stop();

  const header = [
    'scenario',
    'rows',
    'accepted / unchanged / rejected',
    'seconds',
    'rows/s',
    'importer peak MB',
    'stack peak MB',
    'stack CPU µs/row',
    'importer CPU µs/row',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(
    `\nImport into the local stack (dynalite in memory), ${ORDERS.toLocaleString('en-US')}-order file, ` +
      `${ORDERS_PER_CUSTOMER} orders per customer on average, ${TIME_ORDERED ? 'by date' : 'by customer'}`,
  );
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(
    `\ntargets: ≥ ${TARGET_RATE.toLocaleString('en-US')} orders/s — generated first import ${Math.round(first.rowsPerSecond).toLocaleString('en-US')} (${first.rowsPerSecond >= TARGET_RATE ? 'met' : 'NOT met'}); ` +
      `importer peak < ${TARGET_MEMORY_MB} MB — ${first.peakMemoryMB} MB (${first.peakMemoryMB < TARGET_MEMORY_MB ? 'met' : 'NOT met'})`,
  );
  console.log(
    `the stack process used ${Math.round(stackMicrosPerRow(first))} µs of CPU per order of the first import: 1e6 / that = ` +
      `${Math.round(1e6 / stackMicrosPerRow(first)).toLocaleString('en-US')} orders/s, about as fast as dynalite's one JavaScript thread can serve it`,
  );
  const both = stackMicrosPerRow(first) + importerMicrosPerRow(first);
  console.log(
    `stack and importer together used ${Math.round(both)} µs of CPU per order: on ${CORES} cores, at most ` +
      `${Math.round((CORES * 1e6) / both).toLocaleString('en-US')} orders/s even if the two never waited for each other`,
  );
}

await main();
