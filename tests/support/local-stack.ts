import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStageConfig } from '../../lib/config.js';
import type { LocalAccountKind } from '../../lib/local/local-account.js';
import { type LocalStack, startLocalStack } from '../../lib/local/local-stack.js';
import type { LocalFault } from '../../lib/local/local-step-functions.js';

export const TOKEN = 'test-token-0123456789';

/** The whole local stack in memory on free ports, with its data folder in a temporary directory. */
export async function startTestStack(
  options: {
    timeScale?: number;
    config?: Record<string, unknown>;
    account?: LocalAccountKind;
    faults?: LocalFault[];
    lambdaConcurrency?: number;
    sendRates?: { email?: number; sms?: number };
  } = {},
): Promise<LocalStack & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reactivate-e2e-'));
  const stack = await startLocalStack({
    config: parseStageConfig({
      stage: 'local',
      defaults: { timeZone: 'Europe/Berlin', exchangeRates: { EUR: 1.1 } },
      ...options.config,
    }),
    ports: { api: 0, dynamodb: 0, ses: 0 },
    dataDir,
    inMemory: true,
    token: TOKEN,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.account ? { account: options.account } : {}),
    ...(options.lambdaConcurrency ? { lambdaConcurrency: options.lambdaConcurrency } : {}),
    ...(options.sendRates ? { sendRates: options.sendRates } : {}),
  });
  return { ...stack, dataDir };
}

export function api(stack: LocalStack) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };
}
