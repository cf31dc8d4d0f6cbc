/** GET /v1/campaigns: every campaign, newest first. */
import { httpHandler, json } from '../shared/http.js';
import { campaignContext } from './composition.js';

const deps = campaignContext();

export const handler = httpHandler(async () => json(200, { campaigns: await deps.campaigns.list() }));
