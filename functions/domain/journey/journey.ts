/** One customer's journey in one campaign as it is stored: its status, its timeline, its exit. */
import type { SurveyAnswer } from './call-outcome.js';
import type { JourneyStep } from './journey-rules.js';
import type { OfferChoice } from './offer-choice.js';
import type { JourneyOffer } from './offer-codes.js';

/** `failed`: a step could not go on past its retries; the error is the exit reason. */
export type JourneyStatus = 'active' | 'held-out' | 'not-enrolled' | 'ended' | 'completed' | 'failed';

/** One entry of a journey's timeline: what a step did and when. */
export interface TimelineEntry {
  at: string;
  step: JourneyStep | 'start' | 'exit' | 'call-task';
  outcome: string;
  reason?: string;
  /** An SMS sent (or possibly sent): the parts the carrier bills for it. */
  parts?: number;
}

/** An order that carried the journey's code. */
export interface Redemption {
  at: string;
  /** The discount the order got, in the base currency (0 when the shop did not say). */
  discount: number;
  /** The order's customer when not the journey's: the code was passed on. */
  byCustomerId?: string;
}

export interface JourneyRecord {
  campaignId: string;
  customerId: string;
  status: JourneyStatus;
  enrolledAt: string;
  executionName?: string;
  /** The customer's spend when enrolled: the report's revenue is what came after it. */
  spendAtEnrolment?: number;
  /** The incentive chosen at enrolment from the customer's scores (offer rules, spending guard). */
  offerChoice?: OfferChoice;
  /** The campaign's variant the customer gets (`base`: the campaign's own messages); absent without variants. */
  variant?: string;
  /** The scoring model's 365-day value of the customer when enrolled: what a reactivation is worth. */
  clv365DaysAtEnrolment?: number;
  /** The customer's answer to the campaign's win-back survey. */
  survey?: SurveyAnswer & { at: string; sendId?: string };
  /** The churn moment for the campaign's own θ, when it differs from the stored scores'. */
  churnMomentOn?: string | null;
  /** The personal offer code the journey's messages carry, bound at its first message. */
  offer?: JourneyOffer;
  /** Orders that redeemed the journey's code, by order id (absent until a code is bound). */
  redemptions?: Record<string, Redemption>;
  /** The manager call's schedule, while one is pending. */
  callSchedule?: string;
  exitReason?: string;
  timeline: TimelineEntry[];
}
