/** Journey, last step: schedule the manager's call task (EventBridge Scheduler, one-time). */

import { DynamoSlotBook } from '../adapters/dynamodb-slot-book.js';
import { callSchedules } from '../composition/call-schedules.js';
import { journeyStores } from '../composition/journey-stores.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { scheduleCallStep } from '../use-cases/journey-steps.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.scheduleCall, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyStores(db, env),
    slots: new DynamoSlotBook(db, env.SLOTS_TABLE),
    settings: env.JOURNEY_SETTINGS,
    calls: callSchedules(env.CALL_SCHEDULE_GROUP, {
      targetArn: env.CALL_TARGET_ARN,
      roleArn: env.CALL_TARGET_ROLE_ARN,
      deadLetterQueueArn: env.CALL_DLQ_ARN,
    }),
  };
  return workflowTask('schedule call', journeyTaskInput, async (input) => {
    const result = await scheduleCallStep(deps, input);
    publishStepOutcome('Call', result.outcome);
    return result;
  });
});
