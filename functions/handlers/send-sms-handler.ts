/** Journey: re-check the customer and send the campaign's SMS (SNS), once. */
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { sendSmsContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = sendSmsContext();

export const handler = workflowTask('send sms', journeyTaskInput, async (input) => {
  const result = await contactStep(deps, { ...input, step: 'sms' });
  publishStepOutcome('Sms', result.outcome);
  return result;
});
