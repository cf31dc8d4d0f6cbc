/** Scoring workflow, step 3: name the model current once every segment is scored. */
import { z } from 'zod';
import { workflowTask } from '../shared/workflow-task.js';
import { publishModel } from '../use-cases/score-customers.js';
import { publishModelContext } from './composition.js';

const deps = publishModelContext();
const count = z.number().int().min(0);

export const handler = workflowTask(
  'publish scoring model',
  z.strictObject({
    version: z.string().regex(/^[0-9a-f]{12}$/),
    churnThreshold: z.number().gt(0).lt(1),
    segments: z.array(z.strictObject({ scored: count, unchanged: count, skipped: count })),
  }),
  (run) => publishModel(deps, run),
);
