/**
 * SDK clients, created once per container (module scope of a handler) or process (the CLI).
 * Endpoints come from the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how
 * the local stack points the very same clients at dynalite and the other local endpoints.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export function createDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 8, ...config });
}
