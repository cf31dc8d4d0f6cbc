/**
 * POST /v1/campaigns: creates a draft campaign. The whole definition is checked here — templates
 * included, so an unknown variable is refused now and never found at send time.
 */
import { validate } from '../domain/validation.js';
import { HttpProblem, httpHandler, json, readJsonBody } from '../shared/http.js';
import { campaignDefinitionSchema, createCampaign } from '../use-cases/manage-campaigns.js';
import { campaignContext } from './composition.js';
import { answeringUseCaseErrors } from './use-case-errors.js';

const deps = campaignContext();

export const handler = httpHandler(async (event) => {
  const parsed = validate(campaignDefinitionSchema, readJsonBody(event));
  if (!parsed.ok)
    throw new HttpProblem(400, 'Invalid campaign', parsed.reasons.join('; '), { errors: parsed.reasons });
  const campaign = await answeringUseCaseErrors(() => createCampaign(deps, parsed.value));
  return json(201, campaign);
});
