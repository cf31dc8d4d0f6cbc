/**
 * Every SDK client, for the CLI and tools that use several. A Lambda handler imports the one
 * module per client it needs from ./clients/, so its bundle holds no other client.
 */
export { createDynamoClient } from './clients/dynamodb.js';
export { createSchedulerClient } from './clients/scheduler.js';
export { createSesClient } from './clients/ses.js';
export { createSfnClient } from './clients/sfn.js';
export { createSnsClient } from './clients/sns.js';
