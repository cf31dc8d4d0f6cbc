/**
 * Campaign run, launch step 1: is the campaign running, its own model fitted if it has one, and
 * in how many segments it is launched.
 */
import { workflowTask } from '../shared/workflow-task.js';
import { prepareLaunch } from '../use-cases/run-campaign.js';
import { campaignTaskInput } from './campaign-task-input.js';
import { prepareLaunchContext } from './composition.js';

const deps = prepareLaunchContext();

export const handler = workflowTask('prepare launch', campaignTaskInput, (input) =>
  prepareLaunch(deps, input),
);
