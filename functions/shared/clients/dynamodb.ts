import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * The DynamoDB client, one per container (a composition root) or process (the CLI). Its endpoint
 * comes from the SDK's standard `AWS_ENDPOINT_URL_DYNAMODB`, which is how the local stack points
 * the very same client at dynalite.
 */
export function createDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  // `cacheMiddleware`: the middleware chain is built once per command type instead of on every
  // send (a sixth of the SDK's time per request); safe because no command here carries its own
  // middleware.
  const client = new DynamoDBClient({ maxAttempts: 8, cacheMiddleware: true, ...config });
  // The SDK's logger middleware copies every request and response through its sensitive-data
  // filter to hand them to a logger that, by default, does nothing with them: 8 % of an import's
  // CPU on this machine. Nothing here reads SDK logs (the handlers log through Powertools).
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}
