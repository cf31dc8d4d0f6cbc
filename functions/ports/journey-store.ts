/** Where journeys are kept (adapter: DynamoDB). */
import type { SurveyAnswer } from '../domain/journey/call-outcome.js';
import type { JourneyRecord, JourneyStatus, Redemption, TimelineEntry } from '../domain/journey/journey.js';
import type { OfferChoice } from '../domain/journey/offer-choice.js';
import type { JourneyOffer } from '../domain/journey/offer-codes.js';
import type { Page } from './page.js';

export interface JourneyStore {
  /** Records the enrolment; `exists` (nothing written) when this journey was enrolled before. */
  enrol(journey: JourneyRecord): Promise<'created' | 'exists'>;
  get(campaignId: string, customerId: string): Promise<JourneyRecord | undefined>;
  /** Appends to the timeline; optional status, reason and call schedule changes. No-op unless active. */
  record(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    change?: { status?: JourneyStatus; exitReason?: string; callSchedule?: string },
  ): Promise<void>;
  /**
   * Ends an active journey (the first reason wins); `enrolledBy` ends it only when it began at or
   * before that instant (a purchase dated before enrolment is no response; one in the same
   * instant is). `status`: `failed` for a journey a step could not take on. Undefined: not ended.
   */
  end(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    options?: { enrolledBy?: string; status?: 'ended' | 'failed' },
  ): Promise<JourneyRecord | undefined>;
  /** Every journey of a campaign, page by page. */
  list(campaignId: string): AsyncIterable<readonly JourneyRecord[]>;
  /** One page of the campaign's journeys, and where the next starts. */
  page(campaignId: string, cursor?: string): Promise<Page<JourneyRecord>>;
  /**
   * The campaign's journeys still active, one page from the cursor; `waitingForStep` keeps only
   * those with no call schedule pending (the only ones that can be overdue for a step).
   */
  activePage(
    campaignId: string,
    cursor?: string,
    options?: { waitingForStep?: boolean },
  ): Promise<Page<JourneyRecord>>;
  /** How many of the campaign's journeys are still active. */
  countActive(campaignId: string): Promise<number>;
  /**
   * Binds the offer the journey's messages carry, once: the offer bound (this one, or the one an
   * earlier attempt bound); undefined when the journey is no longer active.
   */
  bindOffer(campaignId: string, customerId: string, offer: JourneyOffer): Promise<JourneyOffer | undefined>;
  /**
   * Records an order that redeemed the journey's code, once per order: false when it was recorded
   * before, or the journey has no code bound.
   */
  recordRedemption(
    campaignId: string,
    customerId: string,
    orderId: string,
    redemption: Redemption,
  ): Promise<boolean>;
  /**
   * Answers a survey reason with an offer: the active journey's incentive becomes the reason's
   * (its bound personal code is let go, so the next message binds one for the new offer) and the
   * timeline says so — once: false when the journey is no longer active or a reason switched
   * its offer already.
   */
  answerWithOffer(
    campaignId: string,
    customerId: string,
    choice: OfferChoice,
    entry: TimelineEntry,
  ): Promise<boolean>;
  /** Keeps a survey answer on the journey, whatever its status; false when there is no journey. */
  recordSurvey(
    campaignId: string,
    customerId: string,
    answer: SurveyAnswer & { at: string; sendId?: string },
  ): Promise<boolean>;
}
