/**
 * The local stack's descriptor (`<dataDir>/stack.json`): how the CLI finds a running stack
 * without loading the stack itself (dynalite, the SES emulator) into its own process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StageConfig } from '../config.js';
import type { TableName } from '../table-definitions.js';

export interface LocalPorts {
  dynamodb: number;
  ses: number;
  api: number;
}

export const DEFAULT_PORTS: LocalPorts = { dynamodb: 8000, ses: 8005, api: 3000 };

/** What `reactivate start` writes to `<dataDir>/stack.json` so other commands can find the stack. */
export interface StackDescriptor {
  pid: number;
  /** The stage the stack runs (its resource names derive from it). */
  stage: string;
  apiUrl: string;
  dynamodbEndpoint: string;
  sesUrl: string;
  tables: Record<TableName, string>;
  /** The stack's ingest settings, so the CLI reads files exactly as the API would. */
  defaults: StageConfig['defaults'];
  /** Where journeys run, so an import's purchases end them at once (served on the API's port). */
  journeys: { stateMachineArn: string; callScheduleGroup: string };
  /** Where campaign runs (launch, cancel) run. */
  campaigns: { stateMachineArn: string };
  startedAt: string;
}

export class NoLocalStackError extends Error {
  override readonly name = 'NoLocalStackError';
}

export class StackAlreadyRunningError extends Error {
  override readonly name = 'StackAlreadyRunningError';
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The descriptor of the stack running from `dataDir`; undefined if none (or a stale one). */
export function runningStack(dataDir: string): StackDescriptor | undefined {
  const file = join(dataDir, 'stack.json');
  if (!existsSync(file)) return undefined;
  const descriptor = JSON.parse(readFileSync(file, 'utf8')) as StackDescriptor;
  return isAlive(descriptor.pid) ? descriptor : undefined;
}

/** Finds the running local stack, or says how to start one. */
export function findLocalStack(dataDir = '.local'): StackDescriptor {
  const running = runningStack(dataDir);
  if (!running) {
    throw new NoLocalStackError(
      `no local stack is running from ${dataDir}/; start it with \`npm start\` in another terminal, or pass --endpoint`,
    );
  }
  return running;
}

/** One stack per data folder: a second would find the database locked. */
export function assertNoStackRunning(dataDir: string): void {
  const running = runningStack(dataDir);
  if (running) {
    throw new StackAlreadyRunningError(
      `a local stack is already running from ${dataDir}/ (pid ${running.pid}, API ${running.apiUrl}); stop it first or pass another --data-dir`,
    );
  }
}
