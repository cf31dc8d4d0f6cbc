/**
 * `npm run bench:bundles`: every Lambda handler bundled as `HouseFunction` bundles it (esbuild:
 * ESM, minified, target node24, the AWS SDK v3 left to the Lambda runtime, which ships it — as
 * `NodejsFunction` does by default for Node.js 18 and later), and the size of each bundle and of
 * its source map. Prints the table, largest first, and the figure issue 18 sets: every bundle
 * ≤ 250 KB minified, the SDK excluded.
 *
 * Module-init CPU per handler (the second figure) is not measured yet: each handler
 * parses its environment at init, so the bench needs each function's variables — which the
 * function manifest (issue 18, item 1) will provide.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HANDLERS = fileURLToPath(new URL('../functions/handlers/', import.meta.url));
const LIMIT_KB = 250;

const entries = readdirSync(HANDLERS)
  .filter((f) => f.endsWith('-handler.ts'))
  .sort();
const kb = (bytes: number) => (bytes / 1024).toFixed(0).padStart(5);

const rows: { handler: string; bundle: number; map: number; sdk: string[] }[] = [];
for (const file of entries) {
  const result = await build({
    entryPoints: [`${HANDLERS}${file}`],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    sourcemap: true,
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'silent',
    banner: {
      js: "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
    },
  });
  const bundle = result.outputFiles.find((f) => f.path.endsWith('.js'))?.contents.length ?? 0;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.contents.length ?? 0;
  const sdk = new Set<string>();
  for (const input of Object.values(result.metafile.inputs))
    for (const imported of input.imports)
      if (imported.external && imported.path.startsWith('@aws-sdk/client-'))
        sdk.add(imported.path.replace('@aws-sdk/client-', ''));
  rows.push({ handler: file.replace(/-handler\.ts$/, ''), bundle, map, sdk: [...sdk].sort() });
}

rows.sort((a, b) => b.bundle - a.bundle);
console.log(`Lambda bundles (minified, AWS SDK v3 external: the runtime's), ${rows.length} handlers\n`);
console.log('   KB  map KB  handler                               SDK clients it imports');
for (const r of rows)
  console.log(`${kb(r.bundle)}  ${kb(r.map)}   ${r.handler.padEnd(36)}  ${r.sdk.join(', ') || '-'}`);
const over = rows.filter((r) => r.bundle > LIMIT_KB * 1024);
const sizes = rows.map((r) => r.bundle);
console.log(
  `\nsmallest ${kb(Math.min(...sizes)).trim()} KB, largest ${kb(Math.max(...sizes)).trim()} KB; ` +
    `${over.length} of ${rows.length} over the ${LIMIT_KB} KB figure`,
);
