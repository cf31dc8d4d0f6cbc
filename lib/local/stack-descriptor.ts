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
  apiUrl: string;
  dynamodbEndpoint: string;
  sesUrl: string;
  tables: Record<TableName, string>;
  /** The stack's ingest settings, so the CLI reads files exactly as the API would. */
  defaults: StageConfig['defaults'];
  startedAt: string;
}

export class NoLocalStackError extends Error {
  override readonly name = 'NoLocalStackError';
}

/** Finds the running local stack from its descriptor; a stale descriptor (dead pid) is ignored. */
export function findLocalStack(dataDir = '.local'): StackDescriptor {
  const file = join(dataDir, 'stack.json');
  const hint = 'start it with `npm start` in another terminal, or pass --endpoint';
  if (!existsSync(file)) throw new NoLocalStackError(`no local stack is running (no ${file}); ${hint}`);
  const descriptor = JSON.parse(readFileSync(file, 'utf8')) as StackDescriptor;
  try {
    process.kill(descriptor.pid, 0);
  } catch {
    throw new NoLocalStackError(
      `the local stack that wrote ${file} (pid ${descriptor.pid}) is no longer running; ${hint}`,
    );
  }
  return descriptor;
}
