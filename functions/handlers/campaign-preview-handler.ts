/**
 * POST /v1/campaigns/{campaignId}/preview: a dry run — audience by segment, exclusions and
 * skipped channels by reason, the days the first emails would go, and sample customers with
 * their planned timeline in their own time zone and the messages rendered for them. Nothing is
 * enrolled, sent or scheduled.
 */
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { previewCampaign } from '../use-cases/preview-campaign.js';
import { previewContext } from './composition.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const deps = previewContext();

export const handler = httpHandler(async (event) =>
  json(200, await answeringUseCaseErrors(() => previewCampaign(deps, pathParameter(event, 'campaignId')))),
);
