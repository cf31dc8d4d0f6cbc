/** Scoring workflow, step 3: name the model current once every segment is scored. */
import * as z from 'zod';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { publishModel } from '../use-cases/score-customers.js';

const count = z.number().int().min(0);

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.publishScoringModel, (env) => {
  const deps = { models: new DynamoModelStore(createDynamoClient(), env.MODELS_TABLE), clock };
  return workflowTask(
    'publish scoring model',
    z.strictObject({
      version: z.string().regex(/^[0-9a-f]{12}$/),
      churnThreshold: z.number().gt(0).lt(1),
      segments: z.array(z.strictObject({ scored: count, unchanged: count, skipped: count })),
    }),
    (run) => publishModel(deps, run),
  );
});
