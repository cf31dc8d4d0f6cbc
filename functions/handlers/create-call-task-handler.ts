/**
 * The call schedule's target: create the manager's call task with the customer's context, or
 * defer the call of a paused campaign with a new schedule whose target is this function (its ARN
 * is read from the invocation: an environment variable holding it would make the function
 * depend on itself).
 */
import * as z from 'zod';
import { DynamoCallTaskStore } from '../adapters/dynamodb-call-task-store.js';
import { unqualifiedFunctionArn } from '../adapters/scheduler-call-scheduler.js';
import { SnsManagerNotifier } from '../adapters/sns-senders.js';
import { callSchedules } from '../composition/call-schedules.js';
import { journeyStores } from '../composition/journey-stores.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { createSchedulerClient } from '../shared/clients/scheduler.js';
import { createSnsClient } from '../shared/clients/sns.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { createCallTask } from '../use-cases/create-call-task.js';
import { journeyTaskInput } from './journey-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.createCallTask, (env) => {
  const db = createDynamoClient();
  const scheduler = createSchedulerClient();
  const stores = {
    ...journeyStores(db, env),
    settings: env.JOURNEY_SETTINGS,
    tasks: new DynamoCallTaskStore(db, env.CALL_TASKS_TABLE),
    notifier: new SnsManagerNotifier(createSnsClient(), env.MANAGER_TOPIC_ARN),
  };
  // The schedule's target, completed per invocation with its own ARN (the target of the schedule
  // a paused campaign's call is deferred to); clients stay one per container.
  const depsFor = (targetArn: string) => ({
    ...stores,
    calls: callSchedules(
      env.CALL_SCHEDULE_GROUP,
      { targetArn, roleArn: env.CALL_TARGET_ROLE_ARN, deadLetterQueueArn: env.CALL_DLQ_ARN },
      scheduler,
    ),
  });
  return workflowTask(
    'create call task',
    journeyTaskInput.extend({ scheduleName: z.string().min(1).max(64) }),
    (payload, context) => {
      if (!context) throw new Error('create call task: invoked without a Lambda context (its own ARN)');
      return createCallTask(depsFor(unqualifiedFunctionArn(context.invokedFunctionArn)), payload);
    },
  );
});
