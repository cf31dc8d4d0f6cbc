/** Journey, last step: schedule the manager's call task (EventBridge Scheduler, one-time). */
import { publishStepOutcome } from '../shared/observability.js';
import { workflowTask } from '../shared/workflow-task.js';
import { scheduleCallStep } from '../use-cases/journey-steps.js';
import { scheduleCallContext } from './composition.js';
import { journeyTaskInput } from './journey-task-input.js';

const deps = scheduleCallContext();

export const handler = workflowTask('schedule call', journeyTaskInput, async (input) => {
  const result = await scheduleCallStep(deps, input);
  publishStepOutcome('Call', result.outcome);
  return result;
});
