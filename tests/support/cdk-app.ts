/**
 * The app as `npx cdk synth` builds it: the context of cdk.json (its feature flags change what is
 * synthesized — partition literals, for one), a region always set (the CLI's default region), and
 * no account unless the stage config names one. Bundling is skipped: these tests are about the
 * templates, not the bundles (tests/infra/cdk-cli.test.ts runs the real command, bundles and all).
 */
import { readFileSync } from 'node:fs';
import { buildApp, type ReactivateApp } from '../../lib/app.js';

const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** Skips esbuild bundling of every stack. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The regions the tests synthesize in: the largest, a European one, one far from both. */
export const SYNTH_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

/**
 * Builds the app as the CLI would in `region` with `-c` context; call `.app.synth()` to validate.
 * CloudFormation Guard (about 25 s a synthesis) runs only where a test asks for it (`guard: true`);
 * cdk-nag always runs.
 */
export function cliApp(context: Record<string, unknown> = {}, region = 'us-east-1'): ReactivateApp {
  return buildApp(
    { context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, guard: false, ...context } },
    { defaultEnv: { region } },
  );
}

/** Builds and synthesizes (cdk-nag and every other validation plugin run here). */
export function synthesizeLikeCli(
  context: Record<string, unknown> = {},
  region = 'us-east-1',
): ReactivateApp {
  const built = cliApp(context, region);
  built.app.synth();
  return built;
}
