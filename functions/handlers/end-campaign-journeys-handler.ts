/** Campaign run, cancel (repeated until done): end every active journey of a cancelled campaign. */
import { workflowTask } from '../shared/workflow-task.js';
import { endCampaignJourneys } from '../use-cases/run-campaign.js';
import { cancelTaskInput } from './campaign-task-input.js';
import { cancelContext } from './composition.js';

const deps = cancelContext();

export const handler = workflowTask(
  'end campaign journeys',
  cancelTaskInput,
  ({ done: _done, action: _action, ...input }) => endCampaignJourneys(deps, input),
);
