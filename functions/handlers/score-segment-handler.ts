/** Scoring workflow, step 2 (one Map iteration): score one scan segment with the fitted model. */
import * as z from 'zod';
import { DynamoCustomerPopulation } from '../adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { scoreSegment } from '../use-cases/score-customers.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.scoreSegment, (env) => {
  const db = createDynamoClient();
  const deps = {
    population: new DynamoCustomerPopulation(db, env.CUSTOMERS_TABLE),
    scores: new DynamoScoreStore(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    clock,
  };
  return workflowTask(
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
});
