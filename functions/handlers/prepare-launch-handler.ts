/** Campaign run, launch step 1: is the campaign running, and in how many segments is it launched. */
import { workflowTask } from '../shared/workflow-task.js';
import { prepareLaunch } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';
import { campaignProgressContext } from './composition.js';

const deps = campaignProgressContext();

export const handler = workflowTask('prepare launch', campaignTaskInput, (input) =>
  prepareLaunch(deps, input),
);
