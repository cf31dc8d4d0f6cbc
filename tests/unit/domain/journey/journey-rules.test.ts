import { describe, expect, it } from 'vitest';
import { campaignSettingsSchema, campaignTransition } from '../../../../functions/domain/journey/campaign.js';
import { decideContact } from '../../../../functions/domain/journey/contact-decision.js';
import {
  callAt,
  callDeferralOf,
  callScheduleName,
  deferredCallScheduleName,
  executionName,
  isHeldOut,
  planJourneyStart,
} from '../../../../functions/domain/journey/journey-rules.js';
import { nextInWindow, recipientTimeZone } from '../../../../functions/domain/journey/send-window.js';
import { renderEmail, renderSms } from '../../../../functions/domain/journey/templates.js';

const SMS = { start: '08:00', end: '21:00' };

describe('contact windows in the recipient zone', () => {
  it('keeps a moment inside the window and moves one outside to the next opening, never earlier', () => {
    const inside = new Date('2026-06-10T20:59:59Z'); // 16:59:59 in New York (EDT)
    expect(nextInWindow(inside, SMS, 'America/New_York')).toEqual(inside);
    // 21:00:00 local is outside (the window's end is exclusive): next day 08:00 EDT = 12:00Z
    expect(nextInWindow(new Date('2026-06-11T01:00:00Z'), SMS, 'America/New_York')).toEqual(
      new Date('2026-06-11T12:00:00Z'),
    );
  });

  it('opens at the end of a daylight-saving gap and at the first of two repeated times', () => {
    // 2026-03-08 02:30 does not exist in New York: a 02:30 opening happens at 03:00 EDT (07:00Z).
    expect(
      nextInWindow(new Date('2026-03-08T05:00:00Z'), { start: '02:30', end: '05:00' }, 'America/New_York'),
    ).toEqual(new Date('2026-03-08T07:00:00Z'));
    // 2026-11-01 01:30 happens twice: the first (EDT, 05:30Z) is the opening.
    expect(
      nextInWindow(new Date('2026-11-01T03:00:00Z'), { start: '01:30', end: '03:00' }, 'America/New_York'),
    ).toEqual(new Date('2026-11-01T05:30:00Z'));
  });

  it('puts a call where the managers office hours and the customers calling window overlap', () => {
    const manager = {
      window: { start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] as const },
      timeZone: 'Europe/Berlin',
    };
    // Friday 2026-06-12 18:00 Berlin: office closed until Monday 09:00 Berlin = 07:00Z, which is
    // 03:00 in New York; the customer takes calls from 09:00 (13:00Z), still office hours.
    const at = callAt(
      new Date('2026-06-12T16:00:00Z'),
      { window: { ...manager.window, weekdays: [...manager.window.weekdays] }, timeZone: manager.timeZone },
      { window: { start: '09:00', end: '20:00' }, timeZone: 'America/New_York' },
    );
    expect(at).toEqual(new Date('2026-06-15T13:00:00Z'));
    expect(
      callAt(
        new Date('2026-06-12T16:00:00Z'),
        { window: { start: '09:00', end: '10:00' }, timeZone: 'Asia/Tokyo' },
        { window: { start: '09:00', end: '10:00' }, timeZone: 'America/New_York' },
      ),
    ).toBeUndefined();
  });

  it('reads a missing or unknown zone in the configured default, and says so', () => {
    expect(recipientTimeZone('Asia/Tokyo', 'Europe/Berlin')).toEqual({ timeZone: 'Asia/Tokyo' });
    const missing = recipientTimeZone(undefined, 'Europe/Berlin');
    expect(missing.timeZone).toBe('Europe/Berlin');
    expect(missing.note).toMatch(/no time zone/);
    const unknown = recipientTimeZone('Mars/Olympus_Mons', 'Europe/Berlin');
    expect(unknown.timeZone).toBe('Europe/Berlin');
    expect(unknown.note).toMatch(/'Mars\/Olympus_Mons' unknown/);
  });
});

describe('journey start', () => {
  const base = {
    leadDays: 7,
    now: new Date('2026-06-01T12:00:00Z'),
    timeZone: 'UTC',
    emailWindow: { start: '09:00', end: '20:00' },
    followUpDays: 20,
  };

  it('sends lead days before the churn moment, a past one at the next allowed time, and refuses beyond a year', () => {
    expect(planJourneyStart({ ...base, churnMoment: '2026-07-01' })).toEqual({
      enrol: true,
      emailAt: new Date('2026-06-24T09:00:00Z'),
    });
    expect(planJourneyStart({ ...base, churnMoment: '2026-05-01' })).toMatchObject({
      enrol: true,
      emailAt: new Date('2026-06-01T12:00:00Z'),
      note: expect.stringMatching(/past/),
    });
    expect(planJourneyStart({ ...base, churnMoment: '2027-06-20' })).toMatchObject({
      enrol: false,
      reason: expect.stringMatching(/too far away/),
    });
    expect(planJourneyStart({ ...base, churnMoment: undefined })).toMatchObject({ enrol: false });
  });

  it('names executions and schedules deterministically within the services limits', () => {
    expect(executionName('spring', 'c-42')).toBe('j-spring-c-42');
    expect(executionName('spring', 'c-42')).toBe(executionName('spring', 'c-42'));
    const odd = executionName('spring', 'kim@example.com');
    expect(odd).toMatch(/^j-spring-h[A-Za-z0-9]+$/);
    expect(callScheduleName('a'.repeat(24), 'x'.repeat(128)).length).toBeLessThanOrEqual(64);
  });

  it('names each deferral of a call its own schedule within the 64 characters, and reads the deferral back', () => {
    for (const [campaignId, customerId] of [
      ['spring', 'c-42'],
      ['spring', 'y'.repeat(50)],
      ['a'.repeat(24), 'x'.repeat(56)],
      ['a'.repeat(24), 'kim@example.com'],
    ] as const) {
      const names = [1, 2, 10, 9999].map((n) => deferredCallScheduleName(campaignId, customerId, n));
      expect(new Set([callScheduleName(campaignId, customerId), ...names]).size).toBe(5);
      // Scheduler's name rule: [0-9A-Za-z._-], at most 64.
      for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
      expect(names.map((name) => callDeferralOf(name, campaignId, customerId))).toEqual([1, 2, 10, 9999]);
      expect(callDeferralOf(callScheduleName(campaignId, customerId), campaignId, customerId)).toBe(0);
    }
    // A customer id that itself ends like a deferral is no deferral…
    expect(callDeferralOf(callScheduleName('spring', 'c-r7'), 'spring', 'c-r7')).toBe(0);
    // …and no customer's own schedule is another customer's deferral ('abc-r1' and 'abc', deferred).
    expect(callScheduleName('spring', 'abc-r1')).not.toBe(deferredCallScheduleName('spring', 'abc', 1));
  });

  it('holds out about the configured share, the same customers every time', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const held = ids.filter((id) => isHeldOut('spring', id, 10));
    expect(held.length).toBeGreaterThan(900);
    expect(held.length).toBeLessThan(1100);
    expect(ids.filter((id) => isHeldOut('spring', id, 10))).toEqual(held);
  });
});

describe('contact decision before every send', () => {
  const facts = {
    step: 'sms' as const,
    now: new Date('2026-06-10T15:00:00Z'),
    campaignStatus: 'running' as const,
    enrolledAt: '2026-06-01T00:00:00Z',
    customer: {
      erased: false,
      email: 'k@example.com',
      phone: '+14155552671',
      consent: { email: true, sms: true },
      timeZone: 'America/New_York',
      lastPurchaseAt: '2026-01-01T00:00:00Z',
    },
    window: SMS,
    recentMessages: 0,
    frequencyCap: { messages: 3, days: 7 },
    pausedRecheckHours: 6,
  };

  it('sends, skips a closed channel or a malformed number, defers outside the window or while paused, and stops on a purchase', () => {
    expect(decideContact(facts)).toEqual({ action: 'send' });
    expect(
      decideContact({ ...facts, customer: { ...facts.customer, consent: { email: true, sms: false } } }),
    ).toEqual({
      action: 'skip',
      reason: 'no SMS consent',
    });
    expect(decideContact({ ...facts, now: new Date('2026-06-11T02:00:00Z') })).toMatchObject({
      action: 'defer',
      until: new Date('2026-06-11T12:00:00Z'),
    });
    expect(decideContact({ ...facts, campaignStatus: 'paused' })).toMatchObject({
      action: 'defer',
      reason: 'campaign paused',
    });
    expect(decideContact({ ...facts, campaignStatus: 'cancelled' })).toMatchObject({ action: 'stop' });
    // A pause that would outlast the journey's year ends it, rather than letting its execution time out.
    const enrolled = Date.parse(facts.enrolledAt);
    expect(
      decideContact({ ...facts, campaignStatus: 'paused', now: new Date(enrolled + 364 * 86_400_000) }),
    ).toEqual({ action: 'stop', reason: "campaign paused past the journey's year" });
    expect(
      decideContact({ ...facts, customer: { ...facts.customer, lastPurchaseAt: '2026-06-05T00:00:00Z' } }),
    ).toEqual({ action: 'stop', reason: 'purchased' });
    // Stored numbers were checked against the numbering plans when written; here only E.164's shape.
    for (const phone of ['0415 555 2671', '+141', '+1 415 555 2671', '+0123456789'])
      expect(decideContact({ ...facts, customer: { ...facts.customer, phone } })).toEqual({
        action: 'skip',
        reason: 'malformed phone number (not in E.164 form)',
      });
    expect(decideContact({ ...facts, recentMessages: 3 })).toMatchObject({
      action: 'skip',
      reason: /frequency cap/,
    });
  });
});

describe('templates', () => {
  const valid = {
    name: 'x',
    email: { subject: 'Hi {{firstName}}', html: '<p>{{offer}}</p>', text: '{{offer}}' },
    sms: { text: '{{offer}}' },
  };

  it('refuses a template with an unknown variable when the campaign is created', () => {
    const result = campaignSettingsSchema.safeParse({ ...valid, sms: { text: 'Hi {{first_name}}' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/unknown template variable \{\{first_name\}\}/);
  });

  it('escapes HTML, strips line breaks from the subject, and always carries the unsubscribe link and address', () => {
    const values = {
      firstName: '<script>x</script>\r\nBcc: victim@example.com',
      offer: '15% off',
      offerCode: 'BACK15',
      offerExpiresOn: '31 January 2027',
      offerUses: '1',
      lapsedCategory: 'tea',
      link: 'https://l/1',
      unsubscribeUrl: 'https://u/1',
      postalAddress: '1 Main St',
    };
    const email = renderEmail(
      { subject: 'Hi {{firstName}}', html: '<p>Hi {{firstName}}</p>', text: 'Hi' },
      values,
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('href="https://u/1"');
    expect(email.text).toContain('Unsubscribe: https://u/1');
    expect(renderSms('{{offer}}', values)).toBe('15% off Reply STOP to opt out.');
  });
});

describe('campaign status transitions', () => {
  it('moves a campaign along start → pause ⇄ resume → cancel, answers a repeat, refuses the rest', () => {
    expect(campaignTransition('draft', 'start')).toEqual({ kind: 'move', to: 'running' });
    expect(campaignTransition('running', 'pause')).toEqual({ kind: 'move', to: 'paused' });
    expect(campaignTransition('paused', 'resume')).toEqual({ kind: 'move', to: 'running' });
    for (const status of ['draft', 'running', 'paused'] as const)
      expect(campaignTransition(status, 'cancel')).toEqual({ kind: 'move', to: 'cancelled' });
    // A repeated request (a client retrying) is answered, not refused.
    expect(campaignTransition('running', 'start')).toEqual({ kind: 'done' });
    expect(campaignTransition('cancelled', 'cancel')).toEqual({ kind: 'done' });
    // Nothing comes back from the end, and nothing skips a step.
    expect(campaignTransition('cancelled', 'resume')).toEqual({
      kind: 'refused',
      reason: 'cannot resume a campaign that is cancelled',
    });
    expect(campaignTransition('completed', 'pause').kind).toBe('refused');
    expect(campaignTransition('draft', 'pause').kind).toBe('refused');
    expect(campaignTransition('paused', 'start').kind).toBe('refused');
  });
});
