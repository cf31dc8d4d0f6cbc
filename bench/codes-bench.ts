/**
 * `npm run bench:codes`: a pool of personal offer codes claimed by many sends at once, on
 * dynalite, through the same adapter the send steps use. Uploads a pool of `--codes` codes
 * (default 100,000) through the upload use case (the CSV a shop exports), then `--senders`
 * (default 50) concurrent senders claim one code per journey until the pool runs out, plus
 * `--extra` (default 500) claims past its end. Prints the upload and claim times and rates, and
 * checks what the issue asks: no code given twice, no code lost (every code of the file given to
 * exactly one journey), and every claim past the end told the pool ran out.
 *
 * Exit 0 when the checks hold; 1 otherwise; 2 for bad flags.
 */
import { parseArgs } from 'node:util';
import { DynamoOfferCodeStore } from '../functions/adapters/dynamodb-offer-code-store.js';
import { createDynamoClient } from '../functions/shared/aws-clients.js';
import { uploadCodePool } from '../functions/use-cases/code-pools.js';
import { LOCAL_CLIENT } from '../lib/local/local-client.js';
import { ensureTables, localTableNames, startLocalDynamo } from '../lib/local/local-dynamodb.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    codes: { type: 'string', default: '100000' },
    senders: { type: 'string', default: '50' },
    extra: { type: 'string', default: '500' },
  },
});
const [size, senders, extra] = [Number(values.codes), Number(values.senders), Number(values.extra)];
if (![size, senders, extra].every((n) => Number.isInteger(n) && n >= 0) || size < 1 || senders < 1) {
  console.error('usage: npm run bench:codes -- [--codes N] [--senders N] [--extra N]');
  process.exit(2);
}

const dynamo = await startLocalDynamo({ port: 0 });
try {
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: dynamo.endpoint });
  const tables = localTableNames('bench');
  await ensureTables(db, tables);
  const codes = new DynamoOfferCodeStore(db, tables.offerCodes);
  const now = new Date();
  const expiresOn = new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
  // Shaped like a shop platform's export: a header, a code and its usage count per line.
  const file = Array.from(
    { length: size },
    (_, i) => `SHOP-${i.toString(36).toUpperCase().padStart(6, '0')},0`,
  );
  const csv = `Code,Usage Count\n${file.join('\n')}\n`;

  let started = performance.now();
  await uploadCodePool({ codes, clock: () => now }, 'bench', { expiresOn, csv });
  const uploadSeconds = (performance.now() - started) / 1000;

  const claims = size + extra;
  const given = new Map<string, string>();
  let duplicates = 0;
  let exhausted = 0;
  let other = 0;
  let next = 0;
  let done = 0;
  const progress = setInterval(() => {
    process.stderr.write(`\r  claimed ${done.toLocaleString('en-US')} / ${claims.toLocaleString('en-US')}`);
  }, 1000);
  started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < claims) {
        const customerId = `c${next++}`;
        const claim = await codes.claimFromPool(
          'bench',
          { campaignId: 'bench', customerId },
          now.toISOString(),
          now.toISOString().slice(0, 10),
        );
        done++;
        if (claim.kind === 'code') {
          if (given.has(claim.code)) duplicates++;
          given.set(claim.code, customerId);
        } else if (claim.kind === 'exhausted') exhausted++;
        else other++;
      }
    }),
  );
  clearInterval(progress);
  process.stderr.write('\n');
  const claimSeconds = (performance.now() - started) / 1000;
  const expected = file.map((line) => line.slice(0, line.indexOf(',')));
  const lost = expected.filter((code) => !given.has(code)).length;
  const pool = await codes.pool('bench', now.toISOString().slice(0, 10));

  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(
    `Code pool of ${fmt(size)} codes, ${senders} concurrent senders, ${fmt(claims)} claims (${fmt(extra)} past the end)`,
  );
  console.log(
    `  upload      ${uploadSeconds.toFixed(1)} s (${fmt(Math.round(size / uploadSeconds))} codes/s, all or nothing)`,
  );
  console.log(
    `  claims      ${claimSeconds.toFixed(1)} s (${fmt(Math.round(claims / claimSeconds))} claims/s)`,
  );
  console.log(
    `  given       ${fmt(given.size)} codes to ${fmt(given.size)} journeys; pool says ${fmt(pool?.claimed ?? 0)} claimed, ${fmt(pool?.remaining ?? 0)} left`,
  );
  console.log(`  duplicates  ${duplicates}`);
  console.log(`  lost        ${lost} (codes of the file never given out)`);
  console.log(
    `  ran out     ${fmt(exhausted)} of the ${fmt(extra)} claims past the end${other ? `; ${other} other answers` : ''}`,
  );
  const ok = duplicates === 0 && lost === 0 && exhausted === extra && other === 0 && given.size === size;
  console.log(ok ? '\nOK' : '\nFAILED');
  process.exitCode = ok ? 0 : 1;
} finally {
  await dynamo.close();
}
