/**
 * Campaign run, after the launch and at every completion check: build the campaign's report
 * page by page (cursor and tally handed back before the time runs out) and keep it on the
 * campaign, where a large campaign's report request reads it.
 */
import { workflowTask } from '../shared/workflow-task.js';
import { buildReport } from '../use-cases/campaign-report.js';
import { reportTaskInput } from './campaign-task-input.js';
import { buildReportContext } from './composition.js';

const deps = buildReportContext();

export const handler = workflowTask('build report', reportTaskInput, (input) =>
  buildReport(deps, {
    campaignId: input.campaignId,
    progress: {
      ...(input.progress.cursor ? { cursor: input.progress.cursor } : {}),
      ...(input.progress.tally ? { tally: input.progress.tally } : {}),
    },
  }),
);
