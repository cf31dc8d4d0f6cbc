/** Campaign run, on a step that failed past its retries: keep the failure on the campaign. */
import { z } from 'zod';
import { campaignIdSchema } from '../domain/journey/campaign.js';
import { workflowTask } from '../shared/workflow-task.js';
import { recordCampaignRunFailure } from '../use-cases/record-campaign-failure.js';
import { campaignContext } from './composition.js';

const deps = campaignContext();

export const handler = workflowTask(
  'record campaign run failure',
  z.object({
    campaignId: campaignIdSchema,
    action: z.string().optional(),
    failure: z.object({ Error: z.string(), Cause: z.string().optional() }),
  }),
  (input) => recordCampaignRunFailure(deps, input),
);
