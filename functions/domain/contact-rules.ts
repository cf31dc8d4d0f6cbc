/**
 * Validation rules for contact data that both the importer and the HTTP API apply.
 * Each rule is a pure function; libraries do the hard parts (ICU via `Intl` for time zones, locales and ISO 4217 currencies).
 */

const IANA_ZONE_SHAPE = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * Zone names already asked about. Every journey step asks for its customer's zone, and building a
 * formatter to find out costs more than the rest of the step's arithmetic; the names in use are few
 * (ICU knows about 600), and anything else is refused by the shape first, so the map stays small.
 */
const zoneAnswers = new Map<string, boolean>();

/** True for an IANA zone name (`Europe/Berlin`, `UTC`); offsets such as `+02:00` are not zones. */
export function isIanaTimeZone(value: string): boolean {
  if (!IANA_ZONE_SHAPE.test(value)) return false;
  const known = zoneAnswers.get(value);
  if (known !== undefined) return known;
  let answer: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    answer = true;
  } catch {
    answer = false;
  }
  if (zoneAnswers.size < 1_000) zoneAnswers.set(value, answer);
  return answer;
}

/**
 * E.164's shape: `+`, a country code, at most 15 digits. Whether the number exists in its
 * country's numbering plan is `toE164`'s question (phone-numbers.ts), asked when a number is
 * stored; this is the cheap check for places that read stored numbers.
 */
export const E164_SHAPE = /^\+[1-9]\d{6,14}$/;

/** True for an active ISO 4217 code such as `EUR` (upper case only, as the standard writes them). */
export function isKnownCurrency(value: string): boolean {
  return /^[A-Z]{3}$/.test(value) && knownCurrencies.has(value);
}

/** The canonical BCP 47 tag (`en-us` → `en-US`), or undefined when it is not a valid tag. */
export function canonicalLocale(value: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/** Control characters (C0, C1, DEL) and bidi overrides have no place in names or identifiers. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE_TEXT.test(value);
}
