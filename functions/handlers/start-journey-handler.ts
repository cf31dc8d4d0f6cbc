/** Journey, step 1: enrol the customer (or not, with the reason) and say when the email is due. */

import { DynamoSharedSendQuota } from '../adapters/dynamodb-shared-send-quota.js';
import { DynamoSlotBook } from '../adapters/dynamodb-slot-book.js';
import { SesSendQuota } from '../adapters/ses-send-quota.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { journeyStores } from '../composition/journey-stores.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { startJourney } from '../use-cases/journey-steps.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.startJourney, (env) => {
  const db = createDynamoClient();
  // A take-over ends the journeys of lower priority as a response does.
  const { runs, calls } = journeyEnding(db, env);
  const deps = {
    ...journeyStores(db, env),
    slots: new DynamoSlotBook(db, env.SLOTS_TABLE),
    quota: new DynamoSharedSendQuota(db, env.SLOTS_TABLE, new SesSendQuota()),
    runs,
    calls,
    settings: env.JOURNEY_SETTINGS,
  };
  return workflowTask('start journey', journeyTaskInput, (input) => startJourney(deps, input));
});
