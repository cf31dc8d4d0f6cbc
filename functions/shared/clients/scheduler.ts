import { SchedulerClient } from '@aws-sdk/client-scheduler';

/** EventBridge Scheduler: creating a schedule by name is idempotent, so the SDK's retries are safe. */
export const createSchedulerClient = () => new SchedulerClient({ maxAttempts: 5 });
