/** Campaign run, launch step 3: keep the launch's counts on the campaign. */
import { workflowTask } from '../shared/workflow-task.js';
import { recordLaunch, type SegmentCounts } from '../use-cases/run-campaign.js';
import { launchSummaryInput } from './campaign-task-input.js';
import { campaignProgressContext } from './composition.js';

const deps = campaignProgressContext();

export const handler = workflowTask('record launch', launchSummaryInput, (input) =>
  recordLaunch(deps, { ...input, segments: input.segments as { counts: SegmentCounts }[] }),
);
