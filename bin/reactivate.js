#!/usr/bin/env node
// The `reactivate` command: runs the TypeScript CLI through tsx, so there is no build step.
// The AWS SDK warns on Node 20 (it moves to 22 in 2027); local tooling supports Node >= 20.19.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./reactivate.ts');
