import { describe, expect, it } from 'vitest';
import { canonicalLocale, isIanaTimeZone, isKnownCurrency } from '../../../functions/domain/contact-rules.js';
import { toE164 } from '../../../functions/domain/phone-numbers.js';

describe('Contact rules', () => {
  it('accepts IANA zones and refuses offsets, abbreviations and inventions', () => {
    expect(
      ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Asia/Kolkata'].map(isIanaTimeZone),
    ).toEqual([true, true, true, true]);
    expect(['+02:00', 'CEST', 'Mars/Olympus_Mons', 'Europe/', ''].map(isIanaTimeZone)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('accepts only complete, valid E.164 numbers', () => {
    expect(toE164('+14155552671')).toBe('+14155552671');
    expect(toE164('+447911123456')).toBe('+447911123456');
    expect(toE164('4155552671')).toBeUndefined();
    expect(toE164('+1 415 555 2671')).toBeUndefined();
    expect(toE164('+1415555')).toBeUndefined();
    expect(toE164('+999123456789')).toBeUndefined();
  });

  it('knows ISO 4217 currencies, in upper case', () => {
    expect(['USD', 'EUR', 'JPY'].map(isKnownCurrency)).toEqual([true, true, true]);
    expect(['usd', 'XYZ', 'EURO', ''].map(isKnownCurrency)).toEqual([false, false, false, false]);
  });

  it('canonicalises language tags', () => {
    expect(canonicalLocale('en-gb')).toBe('en-GB');
    expect(canonicalLocale('not a locale')).toBeUndefined();
  });
});
