import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnStack } from '../support/stack-process.js';

const start = (dataDir: string, ...args: string[]) => spawnStack(args, dataDir);

async function waitFor(predicate: () => boolean, child: ChildProcess) {
  for (let i = 0; i < 200 && !predicate() && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
}

describe('CLI: reactivate start', () => {
  it('prints its URLs and token, serves the API, refuses a second stack on its data, and stops cleanly on Ctrl-C', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'reactivate-start-'));
    const stack = start(dataDir, '--api-port', '0', '--token', 'tok-123');

    // Act
    await waitFor(() => stack.output().includes('Press Ctrl-C'), stack.child);
    const apiUrl = /HTTP API\s+(\S+)\/v1/.exec(stack.output())?.[1];
    const health = await fetch(`${apiUrl}/_local/health`);
    const unknown = await fetch(`${apiUrl}/v1/customers/nobody`, {
      headers: { authorization: 'Bearer tok-123' },
    });
    const second = start(dataDir, '--api-port', '0');
    const secondCode = await second.exited;
    stack.child.kill('SIGINT');
    const code = await stack.exited;

    // Assess
    expect(stack.output()).toMatch(/Token\s+tok-123/);
    expect(stack.output()).toMatch(/SES inbox\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(health.status).toBe(200);
    expect(unknown.status).toBe(404);
    expect(secondCode).toBe(2);
    expect(second.output()).toMatch(
      /a local stack is already running from .* \(pid \d+, API http:\/\/127\.0\.0\.1:\d+\)/,
    );
    expect(code).toBe(0);
    expect(stack.output()).toMatch(/stopped\./);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
  });

  it('stops within 10 s on Ctrl-C with thousands of requests queued', async () => {
    // Prepare: a running stack, and 3,000 profile batches sent at once without waiting for answers
    const dataDir = mkdtempSync(join(tmpdir(), 'reactivate-start-'));
    const stack = start(dataDir, '--api-port', '0', '--token', 'tok-123');
    await waitFor(() => stack.output().includes('Press Ctrl-C'), stack.child);
    const apiUrl = /HTTP API\s+(\S+)\/v1/.exec(stack.output())?.[1];
    const queued = Array.from({ length: 3000 }, (_, n) =>
      fetch(`${apiUrl}/v1/customers/batch`, {
        method: 'POST',
        headers: { authorization: 'Bearer tok-123', 'content-type': 'application/json' },
        body: JSON.stringify({
          customers: Array.from({ length: 100 }, (_, i) => ({
            customerId: `q-${n}-${i}`,
            email: `q${i}@example.com`,
          })),
        }),
      }).catch(() => undefined),
    );
    await new Promise((r) => setTimeout(r, 1_000));

    // Act
    const asked = Date.now();
    stack.child.kill('SIGINT');
    const code = await stack.exited;
    const seconds = (Date.now() - asked) / 1000;
    await Promise.all(queued);

    // Assess
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(stack.output()).toMatch(/stopped/);
  });

  it('names the service and port when a port is taken, and exits with code 2', async () => {
    // Prepare: occupy a port
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;

    // Act
    const stack = start(mkdtempSync(join(tmpdir(), 'reactivate-start-')), '--api-port', String(port));
    const code = await stack.exited;
    blocker.close();

    // Assess
    expect(code).toBe(2);
    expect(stack.output()).toMatch(new RegExp(`HTTP API: port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });
});
