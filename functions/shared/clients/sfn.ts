import { SFNClient } from '@aws-sdk/client-sfn';

/** Step Functions: executions are started by name (idempotent) and stopped idempotently. */
export const createSfnClient = () => new SFNClient({ maxAttempts: 5 });
