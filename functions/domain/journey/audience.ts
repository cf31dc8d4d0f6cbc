/**
 * Who a campaign reaches: customers whose contact day (the predicted churn day less the campaign's
 * lead time) falls within the horizon, narrowed by the marketer's filters on churn risk, value, RFM
 * segment and lapsed categories. Customers already past their churn moment are the heart of a
 * win-back campaign and are always inside the horizon. Every exclusion has a named reason, counted
 * in the launch summary, so a marketer can see why the audience is the size it is.
 */
import * as z from 'zod';
import type { ScoreInputs } from '../scoring/customer-scores.js';
import { RFM_SEGMENTS } from '../scoring/rfm.js';
import { storableNumber } from '../validation.js';
import { contactDay } from './journey-rules.js';
import { addCalendarDays } from './send-window.js';

export const audienceSchema = z.strictObject({
  /** Reach customers whose contact day (churn moment − lead time) is at most this many days away. */
  horizonDays: storableNumber().int().min(0).max(365).default(365),
  /** Only customers at least this likely to have churned (1 − P(alive)). */
  minChurnRisk: storableNumber().min(0).max(1).optional(),
  /** Only customers whose expected spend over the next year (CLV) is at least this. */
  minValue: storableNumber().min(0).max(1e12).optional(),
  /** Only customers in one of these RFM segments. */
  segments: z.array(z.enum(RFM_SEGMENTS)).min(1).max(RFM_SEGMENTS.length).optional(),
  /** Only customers who have lapsed in at least one of these categories. */
  lapsedCategories: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
});

export type Audience = z.output<typeof audienceSchema>;

/** What selection reads of a customer's stored scores. */
export interface AudienceCandidate {
  customerId: string;
  churnMomentOn: string | null;
  pAlive: number;
  clv365Days: number;
  rfm?: { segment: string };
  lapsedCategories: readonly string[];
  /**
   * What the stored scores were computed with, and from: a campaign with its own θ or model
   * recomputes them.
   */
  churnThreshold?: number;
  modelVersion?: string;
  asOf?: string;
  inputs?: ScoreInputs;
}

export type AudienceExclusion =
  | 'never churns'
  | 'not scored by a stored model'
  | 'beyond horizon'
  | 'below churn risk'
  | 'below value'
  | 'other segment'
  | 'no lapsed category';

/** UTC+14 (Pacific/Kiritimati): the clocks furthest ahead, where a date begins first. */
const LATEST_CLOCK_MS = 14 * 3_600_000;

/**
 * `undefined` when the customer is in the audience, else why not.
 *
 * The horizon counts calendar days, as the churn day and the contact day are days in the
 * customer's own zone. Selection reads the scores, not the profiles, so it does not know that
 * zone: "today" is the date on the clocks furthest ahead (UTC+14), the latest date anywhere. No
 * customer whose contact day is within the horizon of their own today is left out; one in a zone
 * behind may be selected while their contact day is still a day beyond it, and their first email
 * waits for that day all the same. A churn moment that is no calendar day passes here: the
 * journey's start records it as unreadable.
 */
export function audienceExclusion(
  candidate: AudienceCandidate,
  audience: Audience,
  leadDays: number,
  now: Date,
): AudienceExclusion | undefined {
  if (!candidate.churnMomentOn) return 'never churns';
  const day = contactDay(candidate.churnMomentOn, leadDays);
  const latestToday = new Date(now.getTime() + LATEST_CLOCK_MS).toISOString().slice(0, 10);
  if (day !== undefined && day > addCalendarDays(latestToday, audience.horizonDays)) return 'beyond horizon';
  if (audience.minChurnRisk !== undefined && 1 - candidate.pAlive < audience.minChurnRisk)
    return 'below churn risk';
  if (audience.minValue !== undefined && candidate.clv365Days < audience.minValue) return 'below value';
  if (audience.segments && !audience.segments.includes(candidate.rfm?.segment as never))
    return 'other segment';
  if (
    audience.lapsedCategories &&
    !audience.lapsedCategories.some((c) => candidate.lapsedCategories.includes(c))
  )
    return 'no lapsed category';
  return undefined;
}
