/**
 * The rules of one customer's journey, as pure functions: when it starts (the opening of the email
 * window on the churn day minus the lead time, both read in the customer's own zone), who is held
 * out, what each execution and schedule is called, and whether a step may contact the customer
 * right now.
 */
import { createHash } from 'node:crypto';
import { isCalendarDay } from '../timestamps.js';
import {
  addCalendarDays,
  type ContactWindow,
  nextInAllWindows,
  nextInWindow,
  startOfLocalDay,
} from './send-window.js';

export const DAY_MS = 86_400_000;
/** A Standard execution lives at most a year; the whole journey must fit with margin. */
export const MAX_JOURNEY_DAYS = 365;

export type JourneyStep = 'email' | 'sms' | 'call';

export type JourneyStart = { enrol: true; emailAt: Date; note?: string } | { enrol: false; reason: string };

export interface StartInput {
  /** The customer's predicted churn moment, `YYYY-MM-DD` (their local day). */
  churnMoment: string | undefined;
  /** Calendar days before the churn day the first email goes. */
  leadDays: number;
  now: Date;
  /** The customer's zone: the churn day, the contact day and the email window are read in it. */
  timeZone: string;
  emailWindow: ContactWindow;
  /** Days the later steps may take (response windows plus window slack). */
  followUpDays: number;
}

/**
 * The day a customer is first contacted, `YYYY-MM-DD`: the churn day minus the lead time, in
 * calendar days. A fraction of a lead day counts as a whole one (earlier, never later). Undefined
 * when the churn moment is no calendar day.
 */
export function contactDay(churnMoment: string, leadDays: number): string | undefined {
  return isCalendarDay(churnMoment) ? addCalendarDays(churnMoment, -Math.ceil(leadDays)) : undefined;
}

/**
 * When the first message goes out: the churn moment is a calendar day in the customer's own zone,
 * and the email goes at the opening of the email window on the contact day there (or the next
 * allowed day). A contact day that has already begun means "now" (at the next allowed time); a
 * churn moment so far away that the journey could not finish within a Standard execution's year
 * is not enrolled, and said so.
 */
export function planJourneyStart(input: StartInput): JourneyStart {
  if (!input.churnMoment) return { enrol: false, reason: 'no predicted churn moment (no purchase yet)' };
  const day = contactDay(input.churnMoment, input.leadDays);
  if (day === undefined) return { enrol: false, reason: `unreadable churn moment '${input.churnMoment}'` };
  const target = startOfLocalDay(day, input.timeZone).getTime();
  const past = target < input.now.getTime();
  const emailAt = nextInWindow(
    new Date(past ? input.now.getTime() : target),
    input.emailWindow,
    input.timeZone,
  );
  const lastDay = emailAt.getTime() + input.followUpDays * DAY_MS;
  if (lastDay > input.now.getTime() + (MAX_JOURNEY_DAYS - 1) * DAY_MS)
    return {
      enrol: false,
      reason: `churn moment ${input.churnMoment} is too far away: the journey would end after ${MAX_JOURNEY_DAYS} days`,
    };
  return past
    ? {
        enrol: true,
        emailAt,
        note: `churn moment ${input.churnMoment} minus lead time is past: sent at the next allowed time`,
      }
    : { enrol: true, emailAt };
}

/** The moment the next channel is due: after the response window, inside its own window. */
export function nextStepAt(
  from: Date,
  responseWindowHours: number,
  window: ContactWindow,
  timeZone: string,
): Date {
  return nextInWindow(new Date(from.getTime() + responseWindowHours * 3_600_000), window, timeZone);
}

/** A call: inside the manager's business hours and the customer's calling window at once. */
export function callAt(
  from: Date,
  manager: { window: ContactWindow; timeZone: string },
  customer: { window: ContactWindow; timeZone: string },
): Date | undefined {
  return nextInAllWindows(from, [manager, customer]);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * A customer's place in a campaign, uniform in [0, 100): the holdout takes the first
 * `holdoutPercent` of it and the variants the next shares, so the groups never overlap and each
 * customer's group is the same at every launch, preview and step.
 */
export function campaignBucket(campaignId: string, customerId: string): number {
  return (digest(`holdout:${campaignId}:${customerId}`).readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/** Deterministic holdout: the same customer is always in or out of the same campaign's control group. */
export function isHeldOut(campaignId: string, customerId: string, holdoutPercent: number): boolean {
  if (holdoutPercent <= 0) return false;
  return campaignBucket(campaignId, customerId) < holdoutPercent;
}

const NAME_SAFE = /^[A-Za-z0-9_-]+$/;

/**
 * A deterministic name of at most `max` characters from [A-Za-z0-9-_]: the same journey always
 * gets the same execution (Step Functions: 80) or schedule (Scheduler: 64) name, so a retried
 * start can never create a second one. Customer ids with other characters, or too long, are
 * replaced by a hash of themselves.
 */
export function journeyName(prefix: string, campaignId: string, customerId: string, max: number): string {
  const readable = `${prefix}-${campaignId}-${customerId}`;
  if (NAME_SAFE.test(customerId) && readable.length <= max) return readable;
  const hash = digest(customerId)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, '');
  return `${prefix}-${campaignId}-h${hash}`.slice(0, max);
}

export const executionName = (campaignId: string, customerId: string) =>
  journeyName('j', campaignId, customerId, 80);
export const callScheduleName = (campaignId: string, customerId: string) =>
  journeyName('call', campaignId, customerId, 64);

/**
 * The call schedule placed by a journey's n-th deferral of its call (the campaign was paused when
 * the call fell due). A schedule that fired is still there while its target runs, so each one
 * needs a name of its own; the same deferral always gets the same name, so a retried target
 * never places a second one.
 */
export function deferredCallScheduleName(campaignId: string, customerId: string, deferral: number): string {
  // `.` never appears in a readable name (NAME_SAFE), so no customer's own schedule can match.
  const suffix = `.r${deferral}`;
  return `${journeyName('call', campaignId, customerId, 64 - suffix.length)}${suffix}`;
}

/** Which deferral placed a journey's call schedule: 0 for the one its call step placed. */
export function callDeferralOf(scheduleName: string, campaignId: string, customerId: string): number {
  const n = Number(/\.r(\d+)$/.exec(scheduleName)?.[1]);
  return Number.isSafeInteger(n) &&
    n > 0 &&
    scheduleName === deferredCallScheduleName(campaignId, customerId, n)
    ? n
    : 0;
}
