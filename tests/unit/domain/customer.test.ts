import { describe, expect, it } from 'vitest';
import { customerInputSchema, toProfile } from '../../../functions/domain/customer-input.js';
import { validate } from '../../../functions/domain/validation.js';

describe('Schema: customerInputSchema', () => {
  it('normalises a valid customer and applies the deployment defaults', () => {
    // Prepare
    const input = {
      customerId: 'c-1',
      email: ' Ann@Example.COM ',
      phone: '+14155552671',
      firstName: 'Ann',
      locale: 'en-gb',
    };

    // Act
    const result = validate(customerInputSchema, input);

    // Assess
    expect(result.ok && toProfile(result.value, { timeZone: 'Europe/Berlin' })).toEqual({
      customerId: 'c-1',
      email: 'Ann@example.com',
      phone: '+14155552671',
      firstName: 'Ann',
      locale: 'en-GB',
      timeZone: 'Europe/Berlin',
      consent: { email: false, sms: false },
      attributes: {},
    });
  });

  it('names every problem of a bad record at once', () => {
    // Act
    const result = validate(customerInputSchema, {
      customerId: 'c 1',
      email: 'not-an-email',
      phone: '555-0100',
      timeZone: 'Mars/Base',
      firstName: 'Ann\u202Egnp.exe',
      extra: 1,
    });

    // Assess
    expect(result.ok).toBe(false);
    const reasons = result.ok ? [] : result.reasons;
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^customerId: /),
        'email: is not a valid email address',
        expect.stringMatching(/^phone: '555-0100' is not a valid E\.164 number/),
        "timeZone: 'Mars/Base' is not an IANA time zone (e.g. Europe/Berlin)",
        'firstName: must not contain control or bidi-override characters',
        "unknown field 'extra'",
      ]),
    );
  });

  it('refuses attribute names that could reach an object prototype', () => {
    const result = validate(
      customerInputSchema,
      JSON.parse('{"customerId":"c-1","attributes":{"__proto__":{"admin":true}}}'),
    );
    expect(result.ok).toBe(false);
  });
});
