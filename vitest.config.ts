import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // The handlers log JSON lines (the local stack runs them in-process): shown for a failing
    // test, where they help, and kept out of the output of the passing ones.
    silent: 'passed-only',
    // Tiers: tests/unit (pure: domain, use cases on in-memory fakes, no emulator, no synthesis —
    // `npm run test:fast`), tests/integration (adapters and use cases on dynalite), tests/infra
    // (CDK synthesis and AWS's validators), tests/e2e (the local stack). `npm test` runs them all.
    // Infrastructure tests synthesize whole apps; the end-to-end tests run the local stack.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // Powertools writes through the global console in dev mode (otherwise through a Console of
      // its own on stdout, which `silent` cannot hold back): logs only where a test fails.
      POWERTOOLS_DEV: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
  },
});
