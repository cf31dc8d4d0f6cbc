/** Journey: re-check the customer and send the campaign's email (SES v2), once. */
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { sendEmailContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = sendEmailContext();

export const handler = workflowTask('send email', journeyTaskInput, async (input) => {
  const result = await contactStep(deps, { ...input, step: 'email' });
  publishStepOutcome('Email', result.outcome);
  return result;
});
