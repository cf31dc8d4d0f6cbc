/**
 * The CLI's calls to the local stack on a busy machine: connections refused or reset are tried
 * again when the request is safe to repeat, and what still fails is one readable error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalApiUnreachableError, patientFetch } from '../../../lib/local/patient-fetch.js';

/** A server that drops the first `drops` connections without answering, then answers 200. */
async function flakyServer(drops: number): Promise<{ url: string; server: Server; seen: () => number }> {
  let seen = 0;
  const server = createServer((req, res) => {
    seen++;
    if (seen <= drops) return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/x`, server, seen: () => seen };
}

describe('patientFetch', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('tries a GET again after reset connections, and a POST that carries an Idempotency-Key', async () => {
    const flaky = await flakyServer(2);
    server = flaky.server;

    const get = await patientFetch(flaky.url, {}, { maxDelayMs: 20 });
    const keyed = await patientFetch(
      flaky.url,
      { method: 'POST', headers: { 'idempotency-key': 'k-1' }, body: '{}' },
      { maxDelayMs: 20 },
    );

    expect(get.status).toBe(200);
    expect(keyed.status).toBe(200);
    expect(flaky.seen()).toBe(4);
  });

  it('never sends a POST without an Idempotency-Key twice: one clear error instead', async () => {
    const flaky = await flakyServer(1);
    server = flaky.server;

    const post = patientFetch(flaky.url, { method: 'POST', body: '{}' }, { maxDelayMs: 20 });

    await expect(post).rejects.toBeInstanceOf(LocalApiUnreachableError);
    await expect(post).rejects.toThrow(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/x failed: (ECONNRESET|UND_ERR_SOCKET) \(1 attempt\)/,
    );
    expect(flaky.seen()).toBe(1);
  });

  it('says the stack is not answering when nothing listens, after its attempts', async () => {
    const flaky = await flakyServer(0);
    await new Promise((resolve) => flaky.server.close(resolve));

    await expect(patientFetch(flaky.url, {}, { attempts: 3, maxDelayMs: 10 })).rejects.toThrow(
      /GET .* failed: ECONNREFUSED \(3 attempts\); is the local stack still running\?/,
    );
  });
});
