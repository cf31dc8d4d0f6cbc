/**
 * `npm run test:fuzz [-- --requests N --seed S]`: the contract fuzzing at length against a fresh
 * local stack. Prints the three counts issue 23 asks for — 5xx answers, partial writes, answers
 * that do not conform to the document — with the answers by status, and each finding; exits 1
 * if any count is not zero.
 */
import { startTestStack } from '../support/local-stack.js';
import { fuzzApi, seedFuzzData } from './api-fuzz.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const requests = arg('requests', 3000);
const seed = arg('seed', Date.now() % 100_000);

// The SDK's notice about Node 20 is for this machine's Node, not for the API under test.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The handlers' logs (they run in this process) would bury the counts: warnings and errors only.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const stack = await startTestStack({ timeScale: 86_400 });
try {
  await seedFuzzData(stack);
  const started = performance.now();
  const report = await fuzzApi(stack, {
    seed,
    requests,
    onProgress: (done) => {
      if (done % 250 === 0) process.stderr.write(`${done}/${requests}\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const conforming = report.requests - report.nonConforming.length;
  console.log(
    `seed ${seed}: ${report.requests} generated requests over every operation in ${seconds.toFixed(0)} s`,
  );
  console.log(`answers by status: ${JSON.stringify(report.byStatus)}`);
  console.log(`5xx answers:     ${report.serverErrors.length}`);
  console.log(`partial writes:  ${report.partialWrites.length}`);
  console.log(
    `conforming:      ${((100 * conforming) / report.requests).toFixed(1)} % (${conforming} of ${report.requests})`,
  );
  for (const f of [...report.serverErrors, ...report.partialWrites, ...report.nonConforming].slice(0, 20))
    console.log(`  ${f.status} ${f.request.slice(0, 160)}\n      ${f.problem.slice(0, 300)}`);
  process.exitCode =
    report.serverErrors.length + report.partialWrites.length + report.nonConforming.length ? 1 : 0;
} finally {
  await stack.close();
}
