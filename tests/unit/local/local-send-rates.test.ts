import { describe, expect, it } from 'vitest';
import { LocalSendRates } from '../../../lib/local/local-send-rates.js';

describe("the local stack's provider send rates", () => {
  it('refuses sends above the rate within one second of the clock, and takes them again the next second', () => {
    let now = Date.parse('2026-06-01T09:00:00.250Z');
    const rates = new LocalSendRates({ now: () => now }, { email: 3 });
    const first = Array.from({ length: 5 }, () => rates.admit('email'));
    expect(first).toEqual([true, true, true, false, false]);
    now += 1000;
    expect(rates.admit('email')).toBe(true);
    expect(rates.stats().email).toEqual({
      limit: 3,
      accepted: 4,
      throttled: 2,
      peakAccepted: 3,
      peakAttempted: 5,
      peakSecond: '2026-06-01T09:00:00.000Z',
    });
  });

  it('counts SMS parts against the parts per second, and only counts when no rate is set', () => {
    const rates = new LocalSendRates({ now: () => 0 }, { sms: 3 });
    expect(rates.admit('sms', 2)).toBe(true);
    expect(rates.admit('sms', 2)).toBe(false);
    expect(rates.admit('sms', 1)).toBe(true);
    for (let i = 0; i < 50; i++) expect(rates.admit('email')).toBe(true);
    expect(rates.stats().email).toMatchObject({ accepted: 50, throttled: 0, peakAccepted: 50 });
    expect(rates.stats().email.limit).toBeUndefined();
  });

  it('rejects a rate of 0 or below', () => {
    expect(() => new LocalSendRates({ now: () => 0 }, { email: 0 })).toThrow(/above 0/);
  });
});
