/**
 * What a shop sends for a customer, in the API's camelCase, checked field by field (email syntax,
 * phone numbers against their numbering plans, IANA zones, BCP 47 locales, safe free attributes),
 * and the profile it becomes. Its own module: only the functions that write profiles load the
 * numbering plans.
 */
import * as z from 'zod';
import { canonicalLocale, hasUnsafeCharacters } from './contact-rules.js';
import { type CustomerProfile, customerIdSchema, type ProfileDefaults } from './customer.js';
import { toE164 } from './phone-numbers.js';
import { timeZoneSchema } from './time-zone.js';
import { FORBIDDEN_KEYS, storableNumber } from './validation.js';

const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .meta({ format: 'email', examples: ['ana@example.com'] })
  .pipe(z.email({ message: 'is not a valid email address' }))
  .transform((email) => {
    // The local part is case-sensitive in theory, the domain never is.
    const at = email.lastIndexOf('@');
    return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
  });

const phoneSchema = z
  .string()
  .trim()
  .meta({
    pattern: '^\\+[1-9]\\d{6,14}$',
    description: 'E.164, valid in its country’s numbering plan',
    examples: ['+14155552671'],
  })
  .transform((value, ctx) => {
    const e164 = toE164(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a valid E.164 number (e.g. +14155550123)` });
      return z.NEVER;
    }
    return e164;
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
  .pipe(z.record(z.string(), z.union([z.string().max(1000), storableNumber(), z.boolean()])));

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
