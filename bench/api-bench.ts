/**
 * `npm run bench:api`: event ingestion (`POST /v1/events`) on the local stack, the way a shop's
 * systems would send responses — the stack (`reactivate start --in-memory`) in one process,
 * autocannon in this one. Customers are seeded first; the load is a mix of clicks, replies and
 * unsubscribes over them, each customer receiving at most one unsubscribe. Prints requests/s,
 * p50/p99 latency and non-2xx answers, then checks every unsubscribe was stored (the customer's
 * email channel closed) — the events that write; clicks and replies of customers without
 * journeys change nothing by design.
 *
 * Targets (issue 5): ≥ 500 requests/s, p99 ≤ 50 ms, nothing lost.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { spawnStack } from '../tests/support/stack-process.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TOKEN = 'bench-token';

/** What a connection remembers of the request it sent. */
type Unsubscribing = { unsubscribing?: string };

const stack = spawnStack(['--api-port', '0', '--token', TOKEN]);
try {
  await stack.ready();
  const { apiUrl } = JSON.parse(readFileSync(join(stack.dataDir, 'stack.json'), 'utf8')) as {
    apiUrl: string;
  };
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };

  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `bench-${i}`);
  for (let i = 0; i < ids.length; i += 500)
    await post('/v1/customers/batch', {
      customers: ids.slice(i, i + 500).map((customerId) => ({
        customerId,
        email: `${customerId}@example.com`,
        consent: { email: true, sms: false },
      })),
    });
  console.log(`Seeded ${CUSTOMERS} customers; ${SECONDS} s of events over ${CONNECTIONS} connections…`);

  // Request n: every 10th an unsubscribe of the next customer not yet unsubscribed, else a click
  // or a reply of any customer. A connection sends one request at a time, so its context knows
  // which unsubscribe an answer belongs to.
  let sent = 0;
  let unsubscribes = 0;
  const confirmed = new Set<string>();
  const result = await autocannon({
    url: apiUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        headers,
        setupRequest: (request, context) => {
          const n = sent++;
          const unsubscribe = n % 10 === 0 && unsubscribes < CUSTOMERS;
          const customerId = ids[unsubscribe ? unsubscribes++ : n % CUSTOMERS] as string;
          (context as Unsubscribing).unsubscribing = unsubscribe ? customerId : undefined;
          const type = unsubscribe ? 'unsubscribe' : n % 3 === 0 ? 'reply' : 'click';
          return { ...request, body: JSON.stringify({ customerId, type }) };
        },
        onResponse: (status, _body, context) => {
          const { unsubscribing } = context as Unsubscribing;
          if (status === 200 && unsubscribing) confirmed.add(unsubscribing);
        },
      },
    ],
  });

  // Every unsubscribe that was answered 200 must have closed the customer's email.
  let missing = 0;
  const check = [...confirmed];
  for (let i = 0; i < check.length; i += 50) {
    const answers = await Promise.all(
      check.slice(i, i + 50).map(async (id) => {
        const response = await fetch(`${apiUrl}/v1/customers/${id}`, { headers });
        return ((await response.json()) as { suppressed?: { email?: string } }).suppressed?.email;
      }),
    );
    missing += answers.filter((reason) => !reason).length;
  }

  const ok = result['2xx'];
  console.log(`
POST /v1/events, ${result.duration.toFixed(1)} s, ${CONNECTIONS} connections
  requests     ${result.requests.total} (${ok} 2xx, ${result.non2xx} other, ${result.errors} errors, ${result.timeouts} timeouts)
  requests/s   ${result.requests.average.toFixed(0)} (target ≥ 500)
  latency p50  ${result.latency.p50} ms
  latency p99  ${result.latency.p99} ms (target ≤ 50 ms)
  stored       ${check.length - missing} of ${check.length} unsubscribes (${missing} lost)`);
  process.exitCode = result.non2xx === 0 && result.errors === 0 && missing === 0 ? 0 : 1;
} finally {
  stack.child.kill('SIGINT');
  await stack.exited;
  rmSync(stack.dataDir, { recursive: true, force: true });
}
