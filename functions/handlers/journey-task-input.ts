/** What every journey task receives: identifiers only — no personal data in execution history. */
import * as z from 'zod';
import { customerIdSchema } from '../domain/customer.js';
import { campaignIdSchema } from '../domain/journey/campaign.js';

export const journeyTaskInput = z.strictObject({
  campaignId: campaignIdSchema,
  customerId: customerIdSchema,
});
