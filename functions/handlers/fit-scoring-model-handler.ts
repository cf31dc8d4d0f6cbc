/**
 * Scoring workflow, step 1: fit the scoring model on every customer and store it. Returns the
 * run — model version, settings and the segments for the Map state to score — or, with no
 * customer to score, `customers: 0`, on which the state machine stops.
 */
import { z } from 'zod';
import { isCalendarDay } from '../domain/timestamps.js';
import { workflowTask } from '../shared/workflow-task.js';
import { fitPopulationModel, NothingToScoreError } from '../use-cases/score-customers.js';
import { fitScoringContext } from './composition.js';

const { deps, settings } = fitScoringContext();

export const handler = workflowTask(
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
