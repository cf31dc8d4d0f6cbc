// A worker thread of `reactivate score`: TypeScript through tsx, as bin/reactivate.js runs the CLI.
const { register } = await import('tsx/esm/api');
register();
await import('./score-worker.ts');
