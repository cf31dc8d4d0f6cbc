import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * Sending an email or an SMS is not idempotent: after a timeout, a reset connection or a 5xx the
 * provider may have accepted the message, and the SDK's own retry would send it again. So the
 * senders' clients retry only what the provider refused for throttling (nothing was sent), with
 * full jitter; every other failure goes back to the send step, whose ledger decides (never twice).
 */
export function throttlingOnlyRetries(maxAttempts: number): RetryStrategyV2 {
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
