/**
 * Campaign run, after the launch and at every completion check: build the campaign's report
 * page by page (cursor and tally handed back before the time runs out) and keep it on the
 * campaign, where a large campaign's report request reads it.
 */

import { reportStores } from '../composition/report-stores.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { buildReport } from '../use-cases/campaign-report.js';
import { reportTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.buildReport, (env) => {
  const db = createDynamoClient();
  const deps = { ...reportStores(db, env), workBudgetMs: env.CAMPAIGN_RUN_SETTINGS.workBudgetMs };
  return workflowTask('build report', reportTaskInput, (input) =>
    buildReport(deps, {
      campaignId: input.campaignId,
      progress: {
        ...(input.progress.cursor ? { cursor: input.progress.cursor } : {}),
        ...(input.progress.tally ? { tally: input.progress.tally } : {}),
      },
    }),
  );
});
