import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('CDK CLI', () => {
  it('reads the app the library synthesizes (CLI and library versions are compatible)', async () => {
    // `cdk ls` runs bin/app.ts through cdk.json (bundling every function with esbuild) and
    // parses the cloud assembly it writes.
    const { stdout } = await run('npx', ['cdk', 'ls', '--no-notices'], {
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
    });
    expect(stdout.trim().split('\n')).toEqual([
      'Reactivate-dev-Data',
      'Reactivate-dev-Api',
      'Reactivate-dev-Workflows',
    ]);
  });
});
