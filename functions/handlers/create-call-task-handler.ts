/**
 * The call schedule's target: create the manager's call task with the customer's context, or
 * defer the call of a paused campaign with a new schedule whose target is this function (its ARN
 * is read from the invocation: an environment variable holding it would make the function
 * depend on itself).
 */
import { z } from 'zod';
import { unqualifiedFunctionArn } from '../adapters/scheduler-call-scheduler.js';
import { workflowTask } from '../shared/workflow-task.js';
import { createCallTask } from '../use-cases/create-call-task.js';
import { callTaskContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const depsFor = callTaskContext();

export const handler = workflowTask(
  'create call task',
  journeyTaskInput.extend({ scheduleName: z.string().min(1).max(64) }),
  (payload, context) => {
    if (!context) throw new Error('create call task: invoked without a Lambda context (its own ARN)');
    return createCallTask(depsFor(unqualifiedFunctionArn(context.invokedFunctionArn)), payload);
  },
);
