/**
 * Phone numbers against their countries' numbering plans (libphonenumber, full metadata). Its
 * own module because only the functions that store numbers (profile writes, the importer) check
 * them; the journey steps check the stored E.164 shape.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { E164_SHAPE } from './contact-rules.js';
import { numberingPlans } from './numbering-plans.js';

/** The E.164 form of a phone number, or undefined when it is not a valid, complete E.164 number. */
export function toE164(value: string): string | undefined {
  if (!E164_SHAPE.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value, numberingPlans());
  return parsed?.isValid() ? parsed.number : undefined;
}
