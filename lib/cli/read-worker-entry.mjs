// A worker thread of the order-file reader: TypeScript through tsx, as bin/reactivate.js runs the CLI.
const { register } = await import('tsx/esm/api');
register();
await import('./read-worker.ts');
