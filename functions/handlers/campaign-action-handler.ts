/**
 * POST /v1/campaigns/{campaignId}/{action}: start, pause, resume or cancel. Repeating an action
 * answers as the first time did; an action the status does not allow is a 409. Start and cancel
 * answer 202: the launch or the ending of journeys runs on in the campaign state machine.
 */
import { HttpProblem, httpHandler, json, pathParameter } from '../shared/http.js';
import { actOnCampaign, CAMPAIGN_ACTIONS, campaignActionSchema } from '../use-cases/manage-campaigns.js';
import { campaignActionContext } from './composition.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const deps = campaignActionContext();

export const handler = httpHandler(async (event) => {
  const campaignId = pathParameter(event, 'campaignId');
  const action = campaignActionSchema.safeParse(pathParameter(event, 'action'));
  if (!action.success)
    throw new HttpProblem(404, 'Not Found', `campaigns know the actions ${CAMPAIGN_ACTIONS.join(', ')}`);
  const campaign = await answeringUseCaseErrors(() => actOnCampaign(deps, campaignId, action.data));
  // Start and cancel go on in the background (the campaign run): accepted, not finished.
  return json(action.data === 'start' || action.data === 'cancel' ? 202 : 200, campaign);
});
