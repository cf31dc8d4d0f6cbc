/** Campaign run, launch step 3: keep the launch's counts on the campaign. */

import { campaignProgress } from '../composition/campaign-progress.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { recordLaunch, type SegmentCounts } from '../use-cases/run-campaign.js';
import { launchSummaryInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.recordLaunch, (env) => {
  const deps = campaignProgress(env);
  return workflowTask('record launch', launchSummaryInput, (input) =>
    recordLaunch(deps, { ...input, segments: input.segments as { counts: SegmentCounts }[] }),
  );
});
