/** What the campaign run's tasks receive: identifiers, cursors and counts only. */
import * as z from 'zod';
import { campaignIdSchema } from '../domain/journey/campaign.js';
import { noOffers } from '../domain/journey/campaign-report.js';

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

const counts = z.record(z.string(), count);
const stepFigures = z.strictObject({ eligible: count, sent: count, skipped: counts, responded: count });
const moments = z.strictObject({
  n: count,
  mean: z.number(),
  m2: z.number().min(0),
  nonZero: count.optional(),
});

/** The report's tally as the previous invocation handed it back (within one report's pages). */
export const reportTallySchema = z.strictObject({
  journeys: z.strictObject({
    enrolled: count,
    heldOut: count,
    notEnrolled: count,
    active: count,
    waiting: count,
    contacted: count,
    completed: count,
    endedByCustomer: count,
    endedByCampaign: count,
    failed: count,
    failures: counts,
  }),
  email: stepFigures,
  // A tally handed over by the code before SMS parts were counted (an upgrade mid-report): its
  // texts count as one part each, as that code billed them.
  sms: stepFigures
    .extend({ parts: count.optional() })
    .transform(({ parts, ...figures }) => ({ ...figures, parts: parts ?? figures.sent })),
  call: z.strictObject({ scheduled: count, skipped: counts }),
  responses: counts,
  stopped: counts,
  surveys: z.strictObject({ answers: count, leavingReasons: counts }),
  // Absent in a tally handed over by the code before offer codes (an upgrade mid-report).
  offers: z
    .strictObject({
      codesGiven: count,
      fellBack: z.strictObject({ sharedCode: count, noMessage: count }),
      redemptions: count,
      redeemedCodes: count,
      redeemedByOthers: count,
      discountGiven: z.number().min(0),
      byRule: counts.default({}),
      withheld: z.strictObject({ noOffer: count, noMessage: count }).default({ noOffer: 0, noMessage: 0 }),
    })
    .default(noOffers),
  reactivated: z.strictObject({ enrolled: count, heldOut: count }),
  // Absent in a tally handed over by the code before the KPIs (an upgrade mid-report).
  reactivatedOrders: z
    .strictObject({
      enrolled: z.strictObject({ revenue: z.number(), orders: count }),
      heldOut: z.strictObject({ revenue: z.number(), orders: count }),
    })
    .default(() => ({ enrolled: { revenue: 0, orders: 0 }, heldOut: { revenue: 0, orders: 0 } })),
  valueOfReactivated: z.number().default(0),
  variants: z
    .record(z.string(), z.strictObject({ enrolled: count, reactivated: count, revenue: moments }))
    .default({}),
  revenue: z.strictObject({ enrolled: moments, heldOut: moments }),
  withoutBaseline: count,
});

/** The report step: the previous invocation's progress (empty on the first). */
export const reportTaskInput = z.strictObject({
  campaignId: campaignIdSchema,
  progress: z.strictObject({
    campaignId: campaignIdSchema.optional(),
    cursor,
    tally: reportTallySchema.optional(),
    done: z.boolean().optional(),
  }),
});
