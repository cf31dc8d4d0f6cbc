/**
 * SDK clients, created once per container (module scope of a handler) or process (the CLI).
 * Endpoints come from the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how
 * the local stack points the very same clients at dynalite and the other local endpoints.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

export function createDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  // `cacheMiddleware`: the middleware chain is built once per command type instead of on every
  // send (a sixth of the SDK's time per request); safe because no command here carries its own
  // middleware — only the client does (tracing), and it is added before the first send.
  const client = new DynamoDBClient({ maxAttempts: 8, cacheMiddleware: true, ...config });
  // The SDK's logger middleware copies every request and response through its sensitive-data
  // filter to hand them to a logger that, by default, does nothing with them: 8 % of an import's
  // CPU on this machine. Nothing here reads SDK logs (the handlers log through Powertools).
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * Sending an email or an SMS is not idempotent: after a timeout, a reset connection or a 5xx the
 * provider may have accepted the message, and the SDK's own retry would send it again. So these
 * clients retry only what the provider refused for throttling (nothing was sent), with full
 * jitter; every other failure goes back to the send step, whose ledger decides (never twice).
 */
function throttlingOnlyRetries(maxAttempts: number): RetryStrategyV2 {
  const token = (count: number, delay: number): RetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous, info: RetryErrorInfo) => {
      const count = previous.getRetryCount() + 1;
      if (info.errorType !== 'THROTTLING' || count >= maxAttempts)
        throw info.error ?? new Error('not retried');
      return token(count, Math.random() * Math.min(20_000, 100 * 2 ** count));
    },
    recordSuccess: () => undefined,
  };
}

export const createSesClient = () => new SESv2Client({ retryStrategy: throttlingOnlyRetries(5) });
export const createSnsClient = () => new SNSClient({ retryStrategy: throttlingOnlyRetries(5) });
export const createSchedulerClient = () => new SchedulerClient({ maxAttempts: 5 });
export const createSfnClient = () => new SFNClient({ maxAttempts: 5 });
