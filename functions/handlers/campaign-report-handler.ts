/**
 * GET /v1/campaigns/{campaignId}/report: per step what was sent, skipped and answered; the
 * reactivation of the contacted customers against the control group with 95 % intervals and the
 * lift; revenue, estimated cost and ROI; the call outcomes and reasons for leaving.
 */

import { reportStores } from '../composition/report-stores.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { reportCampaign } from '../use-cases/campaign-report.js';
import { CAMPAIGN_ID } from './path-rules.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.campaignReport, (env) => {
  const deps = reportStores(createDynamoClient(), env);
  return httpHandler(async (event) =>
    json(
      200,
      await answeringUseCaseErrors(() =>
        reportCampaign(deps, pathParameter(event, 'campaignId', CAMPAIGN_ID)),
      ),
    ),
  );
});
