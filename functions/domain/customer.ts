/**
 * A customer's profile: identity, contact, consent per channel, time zone, locale and free
 * attributes. Purchase statistics and scores live beside it but are never written through it.
 */
import { z } from 'zod';
import { canonicalLocale, hasUnsafeCharacters, isIanaTimeZone, toE164 } from './contact-rules.js';
import { FORBIDDEN_KEYS } from './validation.js';

/** Shop-assigned ids: printable, no separators we use in keys, at most 128 characters. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}$/;
export const customerIdSchema = z
  .string()
  .regex(CUSTOMER_ID_PATTERN, 'must be 1-128 letters, digits or . _ : @ + -');

const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'is not a valid email address' }))
  .transform((email) => {
    // The local part is case-sensitive in theory, the domain never is.
    const at = email.lastIndexOf('@');
    return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
  });

const phoneSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a valid E.164 number (e.g. +14155550123)` });
      return z.NEVER;
    }
    return e164;
  });

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isIanaTimeZone, {
    error: (issue) => `'${String(issue.input)}' is not an IANA time zone (e.g. Europe/Berlin)`,
  });

const localeSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const tag = canonicalLocale(value);
    if (!tag) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a BCP 47 language tag (e.g. en-GB)` });
      return z.NEVER;
    }
    return tag;
  });

const firstNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((v) => !hasUnsafeCharacters(v), 'must not contain control or bidi-override characters');

const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/**
 * Free attributes. Names are checked on the raw input: zod's record parser drops a `__proto__`
 * key silently, and a refusal is what the sender should see.
 */
const attributesSchema = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (typeof raw !== 'object' || raw === null) return;
    const keys = Object.keys(raw);
    if (keys.length > 50) ctx.addIssue({ code: 'custom', message: 'at most 50 attributes' });
    for (const key of keys) {
      if (!ATTRIBUTE_KEY.test(key) || FORBIDDEN_KEYS.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'attribute names are 1-64 letters, digits or _ (not __proto__, constructor, prototype)',
        });
      }
    }
  })
  .pipe(z.record(z.string(), z.union([z.string().max(1000), z.number().finite(), z.boolean()])));

/** What a shop sends for a customer, in the API's camelCase. */
export const customerInputSchema = z.strictObject({
  customerId: customerIdSchema,
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  firstName: firstNameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  locale: localeSchema.optional(),
  consent: z
    .strictObject({ email: z.boolean().default(false), sms: z.boolean().default(false) })
    .default({ email: false, sms: false }),
  attributes: attributesSchema.default({}),
});

export type CustomerInput = z.output<typeof customerInputSchema>;

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

export function toProfile(input: CustomerInput, defaults: ProfileDefaults): CustomerProfile {
  const profile: CustomerProfile = {
    customerId: input.customerId,
    timeZone: input.timeZone ?? defaults.timeZone,
    consent: input.consent,
    attributes: input.attributes,
  };
  if (input.email !== undefined) profile.email = input.email;
  if (input.phone !== undefined) profile.phone = input.phone;
  if (input.firstName !== undefined) profile.firstName = input.firstName;
  const locale = input.locale ?? defaults.locale;
  if (locale !== undefined) profile.locale = locale;
  return profile;
}

/** Fields removed by an erasure request (GDPR Art. 17); purchase statistics stay, anonymous. */
export const PERSONAL_FIELDS = ['email', 'phone', 'firstName', 'locale', 'timeZone', 'attributes'] as const;
