/**
 * The local stack synthesizes its state machines once, at its first journey, and lives on for
 * hours. Whatever that synthesis loads stays with it: CDK's built-in CloudFormation validator
 * (a WebAssembly module) held 190 MB outside the heap for the stack's whole life, and tripled the
 * synthesis. The measure runs in a process of its own so that nothing else loaded counts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SYNTHESIZE_AND_MEASURE = `
  const { synthesizeWorkflows } = await import('./lib/local/local-step-functions.ts');
  const { loadStageConfig } = await import('./lib/config.ts');
  const workflows = await synthesizeWorkflows(loadStageConfig(() => undefined));
  globalThis.gc();
  const { external } = process.memoryUsage();
  console.log(JSON.stringify({ names: workflows.map((w) => w.name), externalMB: external / 2 ** 20 }));
`;

describe('the local stack: synthesis of its state machines', () => {
  it('keeps no validator in memory once the definitions are read', () => {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', SYNTHESIZE_AND_MEASURE],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: undefined } },
    );
    const measured = JSON.parse(out.trim().split('\n').at(-1) as string) as {
      names: string[];
      externalMB: number;
    };

    expect(measured.names).toHaveLength(2);
    // 23 MB measured with the validator left out, 192 MB with it.
    expect(measured.externalMB).toBeLessThan(80);
  }, 60_000);
});
