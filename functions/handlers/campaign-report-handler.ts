/**
 * GET /v1/campaigns/{campaignId}/report: per step what was sent, skipped and answered; the
 * reactivation of the contacted customers against the control group with 95 % intervals and the
 * lift; revenue, estimated cost and ROI; the call outcomes and reasons for leaving.
 */
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { reportCampaign } from '../use-cases/campaign-report.js';
import { reportContext } from './composition.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const deps = reportContext();

export const handler = httpHandler(async (event) =>
  json(200, await answeringUseCaseErrors(() => reportCampaign(deps, pathParameter(event, 'campaignId')))),
);
