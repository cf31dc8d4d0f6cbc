/** Journey, on a step that failed past its retries: end the journey `failed` and free the customer. */
import { z } from 'zod';
import { workflowTask } from '../shared/workflow-task.js';
import { recordJourneyFailure } from '../use-cases/record-journey-failure.js';
import { journeyFailureContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = journeyFailureContext();

export const handler = workflowTask(
  'record journey failure',
  journeyTaskInput.extend({
    failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
  }),
  (input) => recordJourneyFailure(deps, input),
);
