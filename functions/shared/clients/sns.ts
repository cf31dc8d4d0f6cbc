import { SNSClient } from '@aws-sdk/client-sns';
import { throttlingOnlyRetries } from './throttling-only-retries.js';

/** SNS, retrying throttling only (an SMS is not idempotent). */
export const createSnsClient = () => new SNSClient({ retryStrategy: throttlingOnlyRetries(5) });
