/** The call schedule's target: create the manager's call task with the customer's context. */
import { z } from 'zod';
import { workflowTask } from '../shared/workflow-task.js';
import { createCallTask } from '../use-cases/create-call-task.js';
import { callTaskContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = callTaskContext();

export const handler = workflowTask(
  'create call task',
  journeyTaskInput.extend({ scheduleName: z.string().min(1).max(64) }),
  (payload) => createCallTask(deps, payload),
);
