/**
 * Capacities as calendars: a send channel's rate (the SES account's maximum send rate, SMS parts
 * per second per origination identity) and the managers' calls per hour. Time is cut into buckets
 * (a minute for a rate, an hour for calls), each holding `perBucket` evenly spaced slots; a claim
 * gets the next free slot, so wake-ups are spread across the window at the capacity instead of
 * all at its first second, and no second ever holds more sends than the rate allows.
 */
import { createHash } from 'node:crypto';
import type { ContactWindow } from './send-window.js';
import { nextInWindow } from './send-window.js';

export interface Capacity {
  /** Units per bucket (messages or SMS parts per minute, calls per hour). */
  perBucket: number;
  bucketMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * A rate per second as minute buckets. A rate that does not fill a whole unit a minute is kept
 * at one per minute (never above the rate: slots are a minute apart).
 */
export function perSecond(rate: number): Capacity {
  return { perBucket: Math.max(1, Math.floor(rate * 60)), bucketMs: MINUTE_MS };
}

/** Calls per hour as hour buckets. */
export function perHour(calls: number): Capacity {
  return { perBucket: Math.max(1, Math.floor(calls)), bucketMs: HOUR_MS };
}

/**
 * The email rate the journeys pace at: the configured share of the SES account's rate, never
 * above the account's current maximum (a fresh account sends 1 a second; the rate is shared with
 * whatever else the account sends, so the configured one is a ceiling, not a target). Unknown: the
 * configured rate.
 */
export function pacedEmailRate(configured: number, accountMaximum: number | undefined): number {
  return accountMaximum !== undefined && accountMaximum > 0
    ? Math.min(configured, accountMaximum)
    : configured;
}

/** The bucket an instant falls in, and the first of its slots not before the instant. */
export function bucketOf(at: number, capacity: Capacity): { start: number; floor: number } {
  const start = Math.floor(at / capacity.bucketMs) * capacity.bucketMs;
  const spacing = capacity.bucketMs / capacity.perBucket;
  return { start, floor: Math.ceil((at - start) / spacing) };
}

/** The instant of the slot that ends at `taken` units (a claim of `amount` starts at its first unit). */
export function slotInstant(start: number, taken: number, amount: number, capacity: Capacity): number {
  return start + ((taken - amount) * capacity.bucketMs) / capacity.perBucket;
}

/**
 * The bucket key of a resource: its name and the bucket's start. Names are channel and identity
 * (`email`, `sms#+14155550100`) or `calls`.
 */
export const slotKey = (resource: string, start: number) => `${resource}#${new Date(start).toISOString()}`;

/**
 * Where in a window a journey with nothing to send wakes: a fixed point within the window's first
 * hour (from a hash of the journey), so journeys that will only skip a step do not all wake in its
 * first second either. The same journey always gets the same point.
 */
export function spreadInWindow(
  from: Date,
  window: ContactWindow,
  timeZone: string,
  journey: { campaignId: string; customerId: string },
): Date {
  const opening = nextInWindow(from, window, timeZone);
  const seconds =
    createHash('sha256')
      .update(`spread:${journey.campaignId}:${journey.customerId}`)
      .digest()
      .readUInt32BE(0) % 3600;
  return nextInWindow(new Date(opening.getTime() + seconds * 1000), window, timeZone);
}
