/**
 * May this step contact the customer now? Re-checked immediately before every send, with fresh
 * reads, because anything can change during a wait of months: the campaign is paused or
 * cancelled, the customer bought, unsubscribed, bounced, was erased, or hit the frequency cap.
 *
 * - `stop`: the journey ends here, with the reason (a response, erasure, a cancelled campaign).
 * - `skip`: this channel cannot be used (no consent, no address, suppressed, capped); the journey
 *   moves on to the next channel at once.
 * - `defer`: not now (outside the channel's window, campaign paused); try again at `until`.
 * - `send`: go ahead.
 */
import { E164_SHAPE } from '../contact-rules.js';
import type { CampaignStatus } from './campaign.js';
import { SUPERSEDED } from './exclusivity.js';
import { DAY_MS, type JourneyStep, MAX_JOURNEY_DAYS } from './journey-rules.js';
import { type ContactWindow, nextInWindow } from './send-window.js';

export type ContactDecision =
  | { action: 'send' }
  | { action: 'skip'; reason: string }
  | { action: 'defer'; reason: string; until: Date }
  | { action: 'stop'; reason: string };

/** Why a channel is closed for a customer: set by bounces, complaints, unsubscribes, STOP replies. */
export type Suppressions = Partial<Record<'email' | 'sms', string>>;

export interface ContactFacts {
  step: JourneyStep;
  now: Date;
  campaignStatus: CampaignStatus | undefined;
  /** When the journey began: a purchase after it is a response. */
  enrolledAt: string;
  /** Set once the journey has ended (a response recorded by another path). */
  exitReason?: string;
  /** The journey's campaign: a customer another campaign's journey took over ends this one. */
  campaignId?: string;
  customer:
    | {
        erased: boolean;
        email?: string;
        phone?: string;
        consent?: { email: boolean; sms: boolean };
        suppressed?: Suppressions;
        lastPurchaseAt?: string;
        timeZone: string;
        /** The campaigns whose journey holds the customer (exclusivity.ts), when known. */
        journeys?: readonly string[];
      }
    | undefined;
  window: ContactWindow;
  /** Messages this customer got from any campaign within the cap's period. */
  recentMessages: number;
  frequencyCap: { messages: number; days: number };
  /** How long to wait before looking again while the campaign is paused. */
  pausedRecheckHours: number;
}

/** The facts that end a journey whatever the step: what the call-task target checks too. */
export type JourneyFacts = Pick<
  ContactFacts,
  'campaignStatus' | 'enrolledAt' | 'exitReason' | 'campaignId' | 'customer'
>;

/** Why the journey must end now, or undefined while it may go on. */
export function journeyStopReason(f: JourneyFacts): string | undefined {
  if (f.campaignStatus === undefined) return 'campaign not found';
  if (f.campaignStatus === 'cancelled') return 'campaign cancelled';
  if (f.exitReason) return f.exitReason;
  const c = f.customer;
  if (!c) return 'customer not found';
  if (c.erased) return 'customer erased';
  if (c.lastPurchaseAt && c.lastPurchaseAt > f.enrolledAt) return 'purchased';
  // Another campaign's journey took the customer over (its start ends this record too, but a
  // retried start may have missed that): this journey must not contact them again.
  if (f.campaignId && c.journeys?.length && !c.journeys.includes(f.campaignId))
    return `${SUPERSEDED} ${c.journeys.join(', ')}`;
  return undefined;
}

export function decideContact(f: ContactFacts): ContactDecision {
  const stop = journeyStopReason(f);
  if (stop) return { action: 'stop', reason: stop };
  const c = f.customer as NonNullable<ContactFacts['customer']>;
  if (f.campaignStatus === 'paused') {
    const until = new Date(f.now.getTime() + f.pausedRecheckHours * 3_600_000);
    // A journey lives at most a year (a Standard execution's limit): a pause that outlasts it
    // ends the journey with the reason, instead of the execution timing out with it still active.
    if (until.getTime() > Date.parse(f.enrolledAt) + (MAX_JOURNEY_DAYS - 1) * DAY_MS)
      return { action: 'stop', reason: "campaign paused past the journey's year" };
    return { action: 'defer', reason: 'campaign paused', until };
  }

  const closed = channelClosed(f.step, c);
  if (closed) return { action: 'skip', reason: closed };
  if (f.step !== 'call' && f.recentMessages >= f.frequencyCap.messages)
    return {
      action: 'skip',
      reason: `frequency cap: ${f.recentMessages} messages in ${f.frequencyCap.days} days`,
    };
  const allowed = nextInWindow(f.now, f.window, c.timeZone);
  if (allowed.getTime() !== f.now.getTime())
    return { action: 'defer', reason: `outside the ${f.step} window`, until: allowed };
  return { action: 'send' };
}

/** Why the channel of a step is closed for the customer (no address, consent or a suppression). */
export function channelClosed(
  step: JourneyStep,
  c: Pick<NonNullable<ContactFacts['customer']>, 'email' | 'phone' | 'consent' | 'suppressed'>,
): string | undefined {
  if (step === 'email') {
    if (!c.email) return 'no email address';
    if (!c.consent?.email) return 'no email consent';
    if (c.suppressed?.email) return `email suppressed: ${c.suppressed.email}`;
  }
  if (step === 'sms') {
    if (!c.phone) return 'no mobile number';
    // Profile writes store valid E.164 numbers only (checked against the numbering plans); a number
    // stored otherwise (older data, a manual edit) is skipped here with a reason rather than
    // refused by the provider.
    if (!E164_SHAPE.test(c.phone)) return 'malformed phone number (not in E.164 form)';
    if (!c.consent?.sms) return 'no SMS consent';
    if (c.suppressed?.sms) return `SMS suppressed: ${c.suppressed.sms}`;
  }
  return undefined;
}
