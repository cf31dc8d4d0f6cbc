/** Runs the real `reactivate` CLI as a user would: a separate process, its output and exit code. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function reactivateCli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run('node', ['bin/reactivate.js', ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
