/**
 * Personal offer codes: each journey's customer gets a single-use code of their own, bound to the
 * campaign, so a redemption is measured (an order that carries it is attributed to the journey)
 * and a code cannot be shared around unnoticed. A code is either generated here (a prefix and
 * random characters from an alphabet without look-alikes) or claimed from a pool the marketer
 * uploaded (the codes a shop platform exported, so the shop already knows them).
 *
 * One code per journey, not per message: the email and the SMS of a journey carry the same code,
 * and so does the manager's call task — the customer is offered one thing, whatever the channel.
 * A code is valid through the calendar day `expiresOn` in the customer's own zone.
 */
import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { addCalendarDays, localDateTime } from './send-window.js';

/** Uppercase letters and digits without 0/O, 1/I/L: read aloud on a call, typed from an SMS. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const POOL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;
export const POOL_ID_RULE = 'must be 1-48 lower-case letters, digits or -';
export const poolIdSchema = z.string().regex(POOL_ID_PATTERN, POOL_ID_RULE);

/** What shop platforms accept as a discount code: letters, digits, - and _, 3-64 characters. */
export const OFFER_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;
export const OFFER_CODE_RULE = 'must be 3-64 letters, digits, - or _ (starting with a letter or digit)';

/**
 * Codes are matched whatever their case, as shop platforms match them at checkout: two codes that
 * differ only in case are the same code.
 */
export const codeKey = (code: string) => code.trim().toUpperCase();

const validDays = z.number().int().min(1).max(365);

export const offerCodesSchema = z.discriminatedUnion('source', [
  z.strictObject({
    /** Generated per journey: `prefix` + `length` random characters (5 bits each). */
    source: z.literal('generated'),
    prefix: z
      .string()
      .regex(
        /^(?:[A-Z0-9][A-Z0-9-]{0,11})?$/,
        'must be at most 12 upper-case letters, digits or -, starting with a letter or digit',
      )
      .default(''),
    /** 8 characters are 40 bits: guessing one of a million live codes takes ~10^6 tries. */
    length: z.number().int().min(8).max(24).default(10),
    /** Valid through this many days after the send, in the customer's zone. */
    validDays: validDays.default(30),
  }),
  z.strictObject({
    /** Claimed from an uploaded pool (PUT /v1/code-pools/{poolId}), one code per journey. */
    source: z.literal('pool'),
    poolId: poolIdSchema,
    /** Valid through this many days after the send, or the pool's expiry if sooner; the pool's when absent. */
    validDays: validDays.optional(),
    /**
     * When the pool has no code left: `skip-message` (the message is not sent, the journey goes on
     * to its next step) or `shared-code` (the campaign's `offer.code` for everybody after).
     */
    whenPoolRunsOut: z.enum(['skip-message', 'shared-code']).default('skip-message'),
  }),
]);
export type OfferCodes = z.output<typeof offerCodesSchema>;

/** The offer a journey carries, bound at its first message and reused by every later step. */
export interface JourneyOffer {
  /** Empty for `skip`: the pool ran out and the campaign sends no message without a code. */
  code: string;
  source: 'generated' | 'pool' | 'shared' | 'skip';
  /** The last day the code is valid, `YYYY-MM-DD`, in the customer's zone. */
  expiresOn?: string;
  poolId?: string;
  boundAt: string;
}

/** A pool as uploaded: its codes in file order and the last day they are valid. */
export interface CodePool {
  poolId: string;
  name?: string;
  expiresOn: string;
  size: number;
  uploadedAt: string;
  /** A hash of the codes and expiry: the same file sent again resumes or repeats its upload. */
  contentHash: string;
}

/** A pool's state: how many of its codes journeys have claimed. */
export interface CodePoolStatus extends CodePool {
  claimed: number;
  remaining: number;
  expired: boolean;
}

/** A random code: the prefix and `length` characters of the alphabet (crypto-strength, unbiased). */
export function generateCode(
  prefix: string,
  length: number,
  random: (n: number) => number = randomInt,
): string {
  let code = prefix;
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

/** The customer's calendar day at an instant. */
export const localDay = (at: Date, timeZone: string): string =>
  localDateTime(at.getTime(), timeZone).slice(0, 10);

/** The last valid day of a code bound now: `validDays` after today in the zone, no later than the pool's. */
export function codeExpiresOn(
  now: Date,
  timeZone: string,
  validFor: number | undefined,
  poolExpiresOn?: string,
): string | undefined {
  const own = validFor === undefined ? undefined : addCalendarDays(localDay(now, timeZone), validFor);
  if (own && poolExpiresOn) return own < poolExpiresOn ? own : poolExpiresOn;
  return own ?? poolExpiresOn;
}

/** `2027-01-31` as a template shows it: "31 January 2027" (day first: no month/day ambiguity). */
export function formatExpiry(day: string | undefined): string {
  if (!day) return '';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}
