/**
 * Ending journeys from outside them (a response, an unsubscribe, a cancel): the customer's
 * journeys, their executions to stop, their pending call schedules to delete.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { SfnWorkflowRuns } from '../adapters/sfn-workflow-runs.js';
import { createSfnClient } from '../shared/clients/sfn.js';
import { clock } from '../shared/clock.js';
import type { ResponseDeps } from '../use-cases/record-responses.js';
import { callSchedules } from './call-schedules.js';

export const journeyEnding = (
  db: DynamoDBClient,
  env: {
    CUSTOMERS_TABLE: string;
    JOURNEYS_TABLE: string;
    JOURNEY_STATE_MACHINE_ARN: string;
    CALL_SCHEDULE_GROUP: string;
  },
): ResponseDeps => ({
  customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
  journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
  runs: new SfnWorkflowRuns(createSfnClient(), env.JOURNEY_STATE_MACHINE_ARN),
  calls: callSchedules(env.CALL_SCHEDULE_GROUP),
  clock,
});
