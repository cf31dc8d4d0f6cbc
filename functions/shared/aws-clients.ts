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

export function createDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 8, ...config });
}

export const createSesClient = () => new SESv2Client({ maxAttempts: 5 });
export const createSnsClient = () => new SNSClient({ maxAttempts: 5 });
export const createSchedulerClient = () => new SchedulerClient({ maxAttempts: 5 });
export const createSfnClient = () => new SFNClient({ maxAttempts: 5 });
