/**
 * Builds the console: one esbuild pass over `src/main.tsx` (Preact, wouter, Chart.js) into hashed
 * files, and an `index.html` that names them. The local stack builds it in memory when it starts
 * (`buildConsole`); the CDK hosting construct builds it to a folder at synthesis
 * (`buildConsoleSync`), so there is no build step to forget and no stale copy to deploy.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync, type OutputFile } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));

/** A built file, by its path relative to the console's root (`index.html`, `assets/main-….js`). */
export interface ConsoleFile {
  path: string;
  contents: Uint8Array;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

const contentTypeOf = (path: string) =>
  CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

function options(outdir: string): BuildOptions {
  return {
    entryPoints: [join(root, 'src/main.tsx')],
    tsconfig: join(root, 'tsconfig.json'),
    bundle: true,
    minify: true,
    // Pages load their chart code on demand: the first page does not pay for Chart.js.
    splitting: true,
    format: 'esm',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  };
}

/** index.html naming the entry script and stylesheet esbuild produced. */
function indexHtml(result: BuildResult, outdir: string): string {
  const outputs = Object.entries(result.metafile?.outputs ?? {});
  const entry = outputs.find(([, o]) => o.entryPoint?.endsWith('src/main.tsx'));
  if (!entry) throw new Error('console build: no entry output');
  const script = relative(outdir, entry[0]);
  const style = entry[1].cssBundle ? relative(outdir, entry[1].cssBundle) : undefined;
  return readFileSync(join(root, 'index.html'), 'utf8')
    .replace('%SCRIPT%', script)
    .replace('%STYLE%', style ?? '');
}

/** Builds into memory: what the local stack serves under `/console/`. */
export async function buildConsole(): Promise<ConsoleFile[]> {
  const outdir = join(root, 'dist');
  const result = await build({ ...options(outdir), write: false });
  const files: ConsoleFile[] = (result.outputFiles as OutputFile[]).map((f) => ({
    path: relative(outdir, f.path),
    contents: f.contents,
    contentType: contentTypeOf(f.path),
  }));
  files.push({
    path: 'index.html',
    contents: new TextEncoder().encode(indexHtml(result, outdir)),
    contentType: CONTENT_TYPES['.html'] as string,
  });
  return files;
}

/** Builds into a folder (emptied first): what the CDK construct deploys to S3. */
export function buildConsoleSync(outdir: string): void {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = buildSync(options(outdir));
  writeFileSync(join(outdir, 'index.html'), indexHtml(result, outdir));
}
