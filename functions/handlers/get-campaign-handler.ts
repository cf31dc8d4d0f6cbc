/** GET /v1/campaigns/{campaignId}: the definition, status and launch summary. */
import { httpHandler, json, pathParameter } from '../shared/http.js';
import { getCampaign } from '../use-cases/manage-campaigns.js';
import { campaignContext } from './composition.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const deps = campaignContext();

export const handler = httpHandler(async (event) => {
  const campaignId = pathParameter(event, 'campaignId');
  return json(200, await answeringUseCaseErrors(() => getCampaign(deps, campaignId)));
});
