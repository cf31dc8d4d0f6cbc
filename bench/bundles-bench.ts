/**
 * `npm run bench:bundles`: every function of the manifest bundled as `HouseFunction` bundles it
 * (esbuild: ESM, minified, target node24, its source map beside it and not loaded, the AWS SDK v3 left to the Lambda
 * runtime, which ships it — as `NodejsFunction` does by default for Node.js 18 and later), then
 * its module init measured as CPU time in a fresh Node process, as Lambda's init phase runs it:
 * with its own variables, composing its adapters and clients at load. Beside it, the CPU time of
 * importing only the SDK clients it uses. Prints both with the bundle sizes, and issue 18's
 * figures: every bundle ≤ 250 KB, every init ≤ 150 ms above its SDK clients alone.
 *
 * `--runs N` (default 5): runs per measurement; the median is printed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NUMBERING_PLANS_FILE } from '../functions/domain/numbering-plans.js';
import { environmentFor } from '../functions/manifest/environment.js';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../functions/manifest/functions.js';
import { TABLE_NAMES } from '../functions/manifest/tables.js';
import type { ResourceVariable } from '../functions/manifest/variables.js';
import { loadStageConfig } from '../lib/config.js';
import { stageSettings } from '../lib/journey-environment.js';

const SIZE_LIMIT_KB = 250;
const INIT_LIMIT_MS = 150;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const OUT = fileURLToPath(new URL('../node_modules/.cache/bench-bundles/', import.meta.url));
const HANDLERS = fileURLToPath(new URL('../functions/handlers/', import.meta.url));
mkdirSync(OUT, { recursive: true });

const arn = (service: string, what: string) => `arn:aws:${service}:eu-west-1:123456789012:${what}`;
const RESOURCES: Record<ResourceVariable, string> = {
  JOURNEY_STATE_MACHINE_ARN: arn('states', 'stateMachine:bench-journey'),
  CAMPAIGN_STATE_MACHINE_ARN: arn('states', 'stateMachine:bench-campaign'),
  CALL_SCHEDULE_GROUP: 'bench-calls',
  CALL_TARGET_ARN: arn('lambda', 'function:bench-call-task'),
  CALL_TARGET_ROLE_ARN: 'arn:aws:iam::123456789012:role/bench-scheduler',
  CALL_DLQ_ARN: arn('sqs', 'bench-dead-letters'),
  MANAGER_TOPIC_ARN: arn('sns', 'bench-managers'),
  SES_CONFIGURATION_SET: 'bench',
};
const values = {
  tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, `bench-${t}`])) as Record<
    (typeof TABLE_NAMES)[number],
    string
  >,
  settings: stageSettings(
    loadStageConfig(() => undefined),
    'https://api.example.com/bench/',
  ),
  resources: RESOURCES,
};
/** What Lambda's runtime sets: the function runs its composition at load when it sees this. */
const RUNTIME = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'reactivate',
  POWERTOOLS_METRICS_NAMESPACE: 'Reactivate',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // Set by the stack that makes the authoriser (not a table, setting or resource of the manifest).
  USER_POOL_ID: 'eu-west-1_BenchPool1',
};

/** CPU milliseconds of importing `module` in a fresh process with `env`, median of RUNS. */
function initCpuMs(module: string, env: Record<string, string>): number {
  const probe = `const t = process.cpuUsage(); await import(${JSON.stringify(module)}); const u = process.cpuUsage(t); process.stdout.write(String((u.user + u.system) / 1000));`;
  const times = Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        env: { PATH: process.env.PATH, ...env },
        cwd: OUT,
        encoding: 'utf8',
      }),
    ),
  ).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

interface Row {
  name: FunctionName;
  bundle: number;
  sdk: string[];
  init: number;
  sdkOnly: number;
}

const rows: Row[] = [];
for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
  const spec = FUNCTIONS[name];
  const result = await build({
    entryPoints: [`${HANDLERS}${spec.handler}.ts`],
    bundle: true,
    write: false,
    outfile: `${OUT}${name}.mjs`,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
    },
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  writeFileSync(`${OUT}${name}.mjs`, code);
  // As HouseFunction ships them: the numbering plans beside the bundle, read on first use.
  if ((spec as FunctionSpec).numberingPlans)
    copyFileSync(
      createRequire(import.meta.url).resolve('libphonenumber-js/metadata.max.json'),
      `${OUT}${NUMBERING_PLANS_FILE}`,
    );
  const sdk = new Set<string>();
  for (const input of Object.values(result.metafile.inputs))
    for (const imported of input.imports)
      if (imported.external && imported.path.startsWith('@aws-sdk/client-')) sdk.add(imported.path);
  const clients = [...sdk].sort();
  writeFileSync(`${OUT}${name}.sdk-only.mjs`, clients.map((c) => `import '${c}';`).join('\n'));
  const env = { ...RUNTIME, ...environmentFor(spec, values) };
  rows.push({
    name,
    bundle: code.length,
    sdk: clients.map((c) => c.replace('@aws-sdk/client-', '')),
    init: initCpuMs(`./${name}.mjs`, env),
    sdkOnly: initCpuMs(`./${name}.sdk-only.mjs`, env),
  });
  process.stderr.write('.');
}
process.stderr.write('\n');

rows.sort((a, b) => b.bundle - a.bundle);
const kb = (bytes: number) => (bytes / 1024).toFixed(0).padStart(5);
const ms = (n: number) => n.toFixed(0).padStart(6);
console.log(
  `Lambda bundles: minified, no source maps, AWS SDK v3 external (the Node.js 24 runtime's), numbering plans beside them as JSON; module init CPU on this machine, median of ${RUNS} fresh processes\n`,
);
console.log('   KB  init ms  SDK-only ms  above  function               SDK clients');
for (const r of rows)
  console.log(
    `${kb(r.bundle)}  ${ms(r.init)}  ${ms(r.sdkOnly)}       ${ms(r.init - r.sdkOnly)}  ${r.name.padEnd(21)}  ${r.sdk.join(', ') || '-'}`,
  );
const sizes = rows.map((r) => r.bundle);
const above = rows.map((r) => r.init - r.sdkOnly);
const overSize = rows.filter((r) => r.bundle > SIZE_LIMIT_KB * 1024);
const overInit = rows.filter((r) => r.init - r.sdkOnly > INIT_LIMIT_MS);
console.log(
  `\nbundles: ${kb(Math.min(...sizes)).trim()}–${kb(Math.max(...sizes)).trim()} KB; ${overSize.length} of ${rows.length} over ${SIZE_LIMIT_KB} KB${overSize.length ? ` (${overSize.map((r) => r.name).join(', ')})` : ''}`,
);
console.log(
  `init above the SDK clients alone: ${Math.min(...above).toFixed(0)}–${Math.max(...above).toFixed(0)} ms; ${overInit.length} of ${rows.length} over ${INIT_LIMIT_MS} ms${overInit.length ? ` (${overInit.map((r) => r.name).join(', ')})` : ''}`,
);
