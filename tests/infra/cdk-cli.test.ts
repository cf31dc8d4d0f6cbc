/**
 * The real `cdk synth`, as DevOps run it from a clone: cdk.json's app (bin/app.ts through tsx),
 * every function bundled by esbuild, cdk-nag and the other validation plugins live, the region
 * the CLI picks from the environment.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'reactivate-cdk-out-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npx cdk synth', () => {
  it(
    'synthesizes every stack of the production config in the region of the environment, bundles included',
    async () => {
      // Act
      const { stderr } = await run(
        'npx',
        [
          'cdk',
          'synth',
          '--all',
          '--quiet',
          '--no-notices',
          '-c',
          'config=config/prod.json',
          '--output',
          out,
        ],
        {
          env: { ...process.env, AWS_REGION: 'ap-southeast-2', CDK_DISABLE_VERSION_CHECK: 'true' },
          maxBuffer: 64 * 1024 * 1024,
        },
      );

      // Assess: exit 0 (run rejects otherwise), the three stacks, in the environment's region
      expect(stderr).not.toMatch(/ERROR/);
      const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
      expect(templates.sort()).toEqual([
        'Reactivate-prod-Api.template.json',
        'Reactivate-prod-Data.template.json',
        'Reactivate-prod-Workflows.template.json',
      ]);
      const workflows = readFileSync(join(out, 'Reactivate-prod-Workflows.template.json'), 'utf8');
      expect(workflows).toContain('arn:aws:states:ap-southeast-2:');

      // Each function's asset: its bundle and its (unloaded) source map; the profile writers' numbering plans beside it.
      const api = JSON.parse(readFileSync(join(out, 'Reactivate-prod-Api.template.json'), 'utf8'));
      const assetOf = (constructId: string) => {
        const fn = Object.entries<{ Type: string; Metadata?: Record<string, string> }>(api.Resources).find(
          ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`HttpApi${constructId}`),
        );
        return readdirSync(join(out, fn?.[1].Metadata?.['aws:asset:path'] as string)).sort();
      };
      expect(assetOf('PutCustomerFunction')).toEqual(['index.mjs', 'index.mjs.map', 'numbering-plans.json']);
      expect(assetOf('GetCustomerFunction')).toEqual(['index.mjs', 'index.mjs.map']);
    },
    10 * 60_000,
  );
});
