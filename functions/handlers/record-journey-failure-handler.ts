/** Journey, on a step that failed past its retries: end the journey `failed` and free the customer. */
import * as z from 'zod';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { callSchedules } from '../composition/call-schedules.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { recordJourneyFailure } from '../use-cases/record-journey-failure.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.recordJourneyFailure, (env) => {
  const db = createDynamoClient();
  const deps = {
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    calls: callSchedules(env.CALL_SCHEDULE_GROUP),
    clock,
  };
  return workflowTask(
    'record journey failure',
    journeyTaskInput.extend({
      failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
    }),
    (input) => recordJourneyFailure(deps, input),
  );
});
