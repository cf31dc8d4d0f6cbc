/** Scoring workflow, step 2 (one Map iteration): score one scan segment with the fitted model. */
import { z } from 'zod';
import { workflowTask } from '../shared/workflow-task.js';
import { scoreSegment } from '../use-cases/score-customers.js';
import { scoreSegmentContext } from './composition.js';

const deps = scoreSegmentContext();

export const handler = workflowTask(
  'score segment',
  z.strictObject({
    version: z.string().regex(/^[0-9a-f]{12}$/),
    segment: z.number().int().min(0),
    totalSegments: z.number().int().min(1),
    churnThreshold: z.number().gt(0).lt(1),
    compare: z.boolean(),
  }),
  (job) => scoreSegment(deps, job),
);
