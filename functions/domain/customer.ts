/**
 * A customer's profile: identity, contact, consent per channel, time zone, locale and free
 * attributes. Purchase statistics and scores live beside it but are never written through it.
 * What a shop may send for one, and how it is checked, is customer-input.ts.
 */
import * as z from 'zod';
import { timeZoneSchema } from './time-zone.js';

export { timeZoneSchema };

/** Shop-assigned ids: printable, no separators we use in keys, at most 128 characters. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;
export const CUSTOMER_ID_RULE = 'must be 1-128 letters, digits or . _ : @ + -';
export const customerIdSchema = z.string().regex(CUSTOMER_ID_PATTERN, CUSTOMER_ID_RULE);

/** A customer profile as stored, with the defaults of the deployment applied. */
export interface CustomerProfile {
  customerId: string;
  email?: string;
  phone?: string;
  firstName?: string;
  timeZone: string;
  locale?: string;
  consent: { email: boolean; sms: boolean };
  attributes: Record<string, string | number | boolean>;
}

export interface ProfileDefaults {
  timeZone: string;
  locale?: string;
}

/** Fields removed by an erasure request (GDPR Art. 17); purchase statistics stay, anonymous. */
export const PERSONAL_FIELDS = ['email', 'phone', 'firstName', 'locale', 'timeZone', 'attributes'] as const;

/** Why an erased customer's profile is refused: personal data is never stored again (GDPR Art. 17). */
export const erasedReason = (erasedAt: string) =>
  `customer was erased on ${erasedAt.slice(0, 10)}; personal data is not stored again`;
