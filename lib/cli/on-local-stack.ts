/**
 * A campaign use case run by the CLI on the running local stack's tables, as its API would run it:
 * one DynamoDB client for the run, a campaign the stack does not know answered as a usage error
 * (exit code 2), the client closed whatever happens.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import { CampaignError } from '../../functions/use-cases/manage-campaigns.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { findLocalStack, type StackDescriptor } from '../local/stack-descriptor.js';
import { UsageError } from './import-command.js';

export async function onLocalStack<T>(
  dataDir: string | undefined,
  run: (db: DynamoDBClient, stack: StackDescriptor) => Promise<T>,
): Promise<T> {
  const stack = findLocalStack(dataDir);
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  try {
    return await run(db, stack);
  } catch (error) {
    if (error instanceof CampaignError) throw new UsageError(error.message);
    throw error;
  } finally {
    db.destroy();
  }
}
