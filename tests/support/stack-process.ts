/**
 * `reactivate start --in-memory` as a separate process, the way a user runs it: for tests of the
 * start command itself, of an import whose stack goes away, and for the import benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StackProcess {
  child: ChildProcess;
  dataDir: string;
  /** The process's peak resident set so far, in MB (VmHWM, Linux). */
  peakMemoryMB(): number;
  /**
   * CPU seconds the process has used so far, user + system (Linux). dynalite serves every
   * request on this process's one JavaScript thread: its CPU per item is what bounds a local run.
   */
  cpuSeconds(): number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the stack has written its descriptor; rejects if it exits or takes over 30 s. */
  ready(): Promise<void>;
}

/** DynamoDB and SES on free ports; `args` add to or override the start options (e.g. `--api-port 0`). */
export function spawnStack(
  args: string[] = [],
  dataDir = mkdtempSync(join(tmpdir(), 'reactivate-stack-')),
): StackProcess {
  const child = spawn('node', [
    'bin/reactivate.js',
    '--data-dir',
    dataDir,
    'start',
    '--in-memory',
    '--dynamodb-port',
    '0',
    '--ses-port',
    '0',
    ...args,
  ]);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = async () => {
    const descriptor = join(dataDir, 'stack.json');
    for (let i = 0; i < 300 && !existsSync(descriptor) && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!existsSync(descriptor)) throw new Error(`the local stack did not start:\n${out}`);
  };
  const peakMemoryMB = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  };
  const cpuSeconds = () => processCpuSeconds(child.pid as number);
  return { child, dataDir, output: () => out, exited, ready, peakMemoryMB, cpuSeconds };
}

/**
 * CPU seconds (user + system, Linux) from /proc/<pid>/stat: the process's own (utime, stime:
 * fields 14–15), or, with `reapedChildren`, those of its children that have exited and been
 * waited for (cutime, cstime: fields 16–17) — an importer child once it is done. Clock ticks,
 * USER_HZ = 100.
 */
export function processCpuSeconds(pid: number | 'self', reapedChildren = false): number {
  // Fields after the parenthesised command name, which may itself hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const first = reapedChildren ? 13 : 11;
  return (Number(fields[first]) + Number(fields[first + 1])) / 100;
}
