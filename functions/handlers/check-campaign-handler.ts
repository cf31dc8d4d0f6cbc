/** Campaign run, launch step 4 (repeated): completed once no journey is active, else when to look again. */
import { workflowTask } from '../shared/workflow-task.js';
import { checkCampaign } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';
import { campaignProgressContext } from './composition.js';

const deps = campaignProgressContext();

export const handler = workflowTask('check campaign', campaignTaskInput, (input) =>
  checkCampaign(deps, input),
);
