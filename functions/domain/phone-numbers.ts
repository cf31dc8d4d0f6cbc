/**
 * Phone numbers against their countries' numbering plans (libphonenumber's full metadata). Its
 * own module because the metadata is most of a bundle: only the functions that store numbers
 * (profile writes, the importer) load it; the journey steps check the stored E.164 shape.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { E164_SHAPE } from './contact-rules.js';

/** The E.164 form of a phone number, or undefined when it is not a valid, complete E.164 number. */
export function toE164(value: string): string | undefined {
  if (!E164_SHAPE.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.number : undefined;
}
