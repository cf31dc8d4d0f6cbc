/** Journey, step 1: enrol the customer (or not, with the reason) and say when the email is due. */
import { workflowTask } from '../shared/workflow-task.js';
import { startJourney } from '../use-cases/journey-steps.js';
import { startJourneyContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = startJourneyContext();

export const handler = workflowTask('start journey', journeyTaskInput, (input) => startJourney(deps, input));
