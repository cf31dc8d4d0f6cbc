/** What the campaign run's tasks receive: identifiers, cursors and counts only. */
import { z } from 'zod';
import { campaignIdSchema } from '../domain/journey/campaign.js';

const count = z.number().int().min(0);
/** Cursors are opaque strings handed back by the previous invocation. */
const cursor = z.string().min(1).max(4096).optional();

export const campaignTaskInput = z.strictObject({ campaignId: campaignIdSchema });

export const segmentCountsSchema = z.strictObject({
  scanned: count,
  started: count,
  heldOut: count,
  excluded: z.record(z.string(), count),
});

export const segmentTaskInput = z.strictObject({
  campaignId: campaignIdSchema,
  segment: count,
  totalSegments: z.number().int().min(1).max(1000),
  cursor,
  done: z.boolean().optional(),
  counts: segmentCountsSchema.optional(),
});

export const launchSummaryInput = z.strictObject({
  campaignId: campaignIdSchema,
  segments: z.array(z.object({ counts: segmentCountsSchema })).max(1000),
});

export const cancelTaskInput = z.strictObject({
  campaignId: campaignIdSchema,
  /** The run's own input on the first call. */
  action: z.literal('cancel').optional(),
  cursor,
  ended: count.optional(),
  done: z.boolean().optional(),
});
