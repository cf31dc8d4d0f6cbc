/** Journey: re-check the customer and send the campaign's email (SES v2), once. */
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { sendEmailContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = sendEmailContext();

export const handler = workflowTask('send email', journeyTaskInput, (input) =>
  contactStep(deps, { ...input, step: 'email' }),
);
