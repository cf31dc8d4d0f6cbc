/** Campaign run, launch step 2 (one Map iteration, repeated until done): select and start one segment's journeys. */

import { DynamoAudienceSource } from '../adapters/dynamodb-audience-source.js';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../adapters/dynamodb-model-store.js';
import { SfnWorkflowRuns } from '../adapters/sfn-workflow-runs.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { createSfnClient } from '../shared/clients/sfn.js';
import { clock } from '../shared/clock.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { workflowTask } from '../shared/workflow-task.js';
import { enrolSegment, type SegmentCounts } from '../use-cases/run-campaign.js';
import { segmentTaskInput } from './campaign-task-input.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.enrolSegment, (env) => {
  const db = createDynamoClient();
  const deps = {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    audience: new DynamoAudienceSource(db, env.SCORES_TABLE),
    models: new DynamoModelStore(db, env.MODELS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    runs: new SfnWorkflowRuns(createSfnClient(), env.JOURNEY_STATE_MACHINE_ARN),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
  return workflowTask('enrol segment', segmentTaskInput, ({ done: _done, counts, ...input }) =>
    enrolSegment(deps, { ...input, ...(counts ? { counts: counts as SegmentCounts } : {}) }),
  );
});
