/**
 * Scoring workflow, step 1: fit the scoring model on every customer and store it. Returns the
 * run — model version, settings and the segments for the Map state to score — or, with no
 * customer to score, `customers: 0`, on which the state machine stops.
 */
import * as z from 'zod';
import { DynamoCustomerPopulation } from '../adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { isCalendarDay } from '../domain/timestamps.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { fitPopulationModel, NothingToScoreError } from '../use-cases/score-customers.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.fitScoringModel, (env) => {
  const db = createDynamoClient();
  const deps = {
    population: new DynamoCustomerPopulation(db, env.CUSTOMERS_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    clock,
  };
  const settings = {
    model: env.SCORING_MODEL,
    churnThreshold: env.CHURN_THRESHOLD,
    unitDays: env.TIME_UNIT_DAYS,
    penalizer: env.PENALIZER,
    segments: env.SCAN_SEGMENTS,
  };
  return workflowTask(
    'fit scoring model',
    // The schedule starts runs with `{}`; an operator may re-run a past day with `{ "asOf": … }`.
    z.strictObject({ asOf: z.string().refine(isCalendarDay, 'must be a date YYYY-MM-DD').optional() }),
    async (input) => {
      const handOn = { churnThreshold: settings.churnThreshold, totalSegments: settings.segments };
      try {
        return { ...(await fitPopulationModel(deps, settings, input)), ...handOn };
      } catch (error) {
        // A new deployment with no orders yet is not a failure: the state machine ends quietly.
        if (!(error instanceof NothingToScoreError)) throw error;
        return { customers: 0, segments: [], warnings: [error.message], ...handOn };
      }
    },
  );
});
