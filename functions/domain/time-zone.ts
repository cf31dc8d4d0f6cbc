import * as z from 'zod';
import { isIanaTimeZone } from './contact-rules.js';

/** An IANA time zone name, as profiles, windows and the configuration give them. */
export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isIanaTimeZone, {
    error: (issue) => `'${String(issue.input)}' is not an IANA time zone (e.g. Europe/Berlin)`,
  });
