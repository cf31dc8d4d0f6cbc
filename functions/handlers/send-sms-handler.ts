/** Journey: re-check the customer and send the campaign's SMS (SNS), once. */
import { workflowTask } from '../shared/workflow-task.js';
import { contactStep } from '../use-cases/journey-steps.js';
import { sendSmsContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = sendSmsContext();

export const handler = workflowTask('send sms', journeyTaskInput, (input) =>
  contactStep(deps, { ...input, step: 'sms' }),
);
