/**
 * The modules a handler's bundle would hold from functions/: its import graph, followed through
 * relative imports (type-only imports left out, as the bundler leaves them out).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const IMPORT = /^import\s+(type\s+)?[^'"]*?from\s+'(\.{1,2}\/[^']+)';/gm;

/** Paths relative to functions/ (without `.ts`) of every module `handler` imports, itself included. */
export function handlerModules(handler: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    const key = relative(FUNCTIONS_DIR, file).replace(/\.ts$/, '');
    if (seen.has(key)) return;
    seen.add(key);
    for (const [, typeOnly, path] of readFileSync(file, 'utf8').matchAll(IMPORT))
      if (!typeOnly) visit(resolve(dirname(file), (path as string).replace(/\.js$/, '.ts')));
  };
  visit(`${FUNCTIONS_DIR}handlers/${handler}.ts`);
  return seen;
}
