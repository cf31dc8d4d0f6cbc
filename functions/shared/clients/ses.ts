import { SESv2Client } from '@aws-sdk/client-sesv2';
import { throttlingOnlyRetries } from './throttling-only-retries.js';

/** SES v2, retrying throttling only (a send is not idempotent). */
export const createSesClient = () => new SESv2Client({ retryStrategy: throttlingOnlyRetries(5) });
