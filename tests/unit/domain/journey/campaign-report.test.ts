/** The report's statistics against published values, and the report over a synthetic campaign. */
import { describe, expect, it } from 'vitest';
import { campaignReport } from '../../../../functions/domain/journey/campaign-report.js';
import type { JourneyRecord } from '../../../../functions/domain/journey/journey.js';
import {
  addValue,
  meanDifference,
  meanDifferenceOf,
  noMoments,
  rateDifference,
  revenueDifferenceOf,
  wilson,
} from '../../../../functions/domain/journey/lift.js';
import { summerCampaign } from '../../../support/campaign-reports.js';

describe('lift statistics', () => {
  it("reproduces Wilson's interval and Newcombe's (1998) hybrid score intervals for a difference", () => {
    const w = wilson(10, 100);
    expect(w.ci95?.low).toBeCloseTo(0.0552, 4);
    expect(w.ci95?.high).toBeCloseTo(0.1744, 4);
    // Newcombe 1998, Table II, method 10: 56/70 − 48/80 and 9/10 − 3/10.
    const a = rateDifference(wilson(56, 70), wilson(48, 80));
    expect(a?.ci95.low).toBeCloseTo(0.0524, 4);
    expect(a?.ci95.high).toBeCloseTo(0.3339, 4);
    const b = rateDifference(wilson(9, 10), wilson(3, 10));
    expect(b?.ci95.low).toBeCloseTo(0.1705, 4);
    expect(b?.ci95.high).toBeCloseTo(0.809, 3);
    expect(wilson(0, 0).rate).toBeNull();
    expect(rateDifference(wilson(1, 2), wilson(0, 0))).toBeNull();
  });

  it("keeps Welch's revenue interval where both groups show their spread, and has none until somebody bought", () => {
    const moments = (values: number[]) => {
      const m = noMoments();
      for (const v of values) addValue(m, v);
      return m;
    };
    const spread = (buyers: number, spend: number, of: number) =>
      moments(Array.from({ length: of }, (_, i) => (i < buyers ? spend + i : 0)));
    const [a, b] = [spread(20, 60, 100), spread(10, 40, 100)];
    const lift = rateDifference(wilson(20, 100), wilson(10, 100));
    expect(revenueDifferenceOf(a, b, lift)).toEqual(meanDifferenceOf(a, b));
    expect(revenueDifferenceOf(a, b, null)).toEqual(meanDifferenceOf(a, b));
    // A tally kept before buyers were counted: as it was.
    const { nonZero: _a, ...oldA } = a;
    const nobody = moments(Array.from({ length: 50 }, () => 0));
    const { nonZero: _b, ...oldNobody } = nobody;
    expect(revenueDifferenceOf(oldA, oldNobody, lift)).toEqual(meanDifferenceOf(oldA, oldNobody));
    // Nobody bought in either group: Welch's [0, 0] would call the revenue certain.
    const none = revenueDifferenceOf(moments(Array.from({ length: 100 }, () => 0)), nobody, lift);
    expect(meanDifferenceOf(moments([0, 0]), moments([0, 0]))?.ci95).toEqual({ low: 0, high: 0 });
    expect(none).toMatchObject({ difference: 0, ci95: null });
  });

  it('gives a Welch interval for a difference of means', () => {
    const d = meanDifference([1, 2, 3, 4], [1, 1, 1, 1]);
    expect(d?.difference).toBe(1.5);
    expect(d?.ci95?.low).toBeCloseTo(1.5 - 1.959964 * Math.sqrt(1.6667 / 4), 3);
  });
});

describe('campaign report', () => {
  const { campaign, journeys, purchases, tasks, at } = summerCampaign();
  const report = campaignReport({
    campaign,
    journeys,
    purchases,
    tasks,
    prices: { email: 0.0001, sms: 0.01, perJourney: 0.0004 },
    now: new Date(at(40)),
  });

  it('counts each step: sent, skipped by reason, and the responses that followed its message', () => {
    // 90 got a message (80 emails, 10 more an SMS only); 10 got nothing and ran their course.
    expect(report.journeys).toEqual({
      enrolled: 100,
      heldOut: 100,
      notEnrolled: 0,
      active: 0,
      waiting: 0,
      contacted: 90,
      completed: 80,
      endedByCustomer: 20,
      endedByCampaign: 0,
      failed: 0,
      failures: {},
    });
    expect(report.steps.email).toMatchObject({
      eligible: 100,
      sent: 80,
      skipped: { 'no email consent': 20 },
      delivered: 78,
      bounced: 2,
      clicked: 12,
      responded: 10,
    });
    expect(report.steps.sms).toMatchObject({ eligible: 80, sent: 80, responded: 10 });
    expect(report.steps.call).toEqual({
      scheduled: 0,
      skipped: {},
      tasks: 2,
      open: 1,
      done: 1,
      results: { left: 1 },
      leavingReasons: { price: 1 },
    });
    expect(report.responses).toEqual({ purchase: 20 });
  });

  it('compares the reactivation of the enrolled with the control group, within the attribution window only', () => {
    expect(report.reactivation.enrolled).toMatchObject({ count: 20, of: 100, rate: 0.2 });
    expect(report.reactivation.heldOut).toMatchObject({ count: 10, of: 100, rate: 0.1 });
    expect(report.reactivation.lift?.difference).toBeCloseTo(0.1, 10);
    expect(report.reactivation.lift?.ci95.low).toBeLessThan(0.1);
    expect(report.reactivation.relativeLift).toBeCloseTo(1, 10);
    // Revenue: 20 × 60 over 100 contacted against 10 × 40 over 100 held out.
    expect(report.revenue?.meanA).toBeCloseTo(12, 10);
    expect(report.revenue?.meanB).toBeCloseTo(4, 10);
    expect(report.revenue?.incremental).toBeCloseTo(800, 8);
    expect(report.cost.total).toBeCloseTo(80 * 0.0001 + 80 * 0.01 + 100 * 0.0004, 10);
    expect(report.roi?.value).toBeCloseTo((800 - report.cost.total) / report.cost.total, 8);
  });

  it('gives the ROI its interval from the revenue difference, and says when the lift is not significant', () => {
    // 20 % against 10 % of 100 each: Newcombe's interval only just excludes 0.
    expect(report.reactivation.lift?.ci95.low).toBeCloseTo(0.00015, 5);
    expect(report.reactivation.significant).toBe(true);
    const { revenue, roi, cost } = report;
    expect(roi?.ci95?.low).toBeCloseTo(((revenue?.ci95?.low ?? 0) * 100 - cost.total) / cost.total, 8);
    expect(roi?.ci95?.high).toBeCloseTo(((revenue?.ci95?.high ?? 0) * 100 - cost.total) / cost.total, 8);
    expect(roi?.ci95?.low).toBeLessThan(roi?.value ?? 0);
    expect(roi?.significant).toBe((roi?.ci95?.low ?? 0) > 0);
  });

  it('does not call the return certain when the lift is not: a control group where nobody bought', () => {
    // 20 of 100 enrolled bought (60 each); 0 of a control group of 15. Welch's interval sees no
    // spread in 15 zeros and excludes 0; Newcombe's, from 0 of 15 (up to 20 %), does not.
    const controls = journeys.filter((j) => j.status === 'held-out').slice(0, 15);
    const nobodyBought = new Map(purchases);
    for (const j of controls) nobodyBought.set(j.customerId, { purchaseDays: [0], spend: 100 });
    const r = campaignReport({
      campaign,
      journeys: [...journeys.filter((j) => j.status !== 'held-out'), ...controls],
      purchases: nobodyBought,
      tasks,
      prices: { email: 0.0001, sms: 0.01, perJourney: 0.0004 },
      now: new Date(at(40)),
    });
    expect(r.reactivation.heldOut).toMatchObject({ count: 0, of: 15 });
    expect(r.reactivation.significant).toBe(false);
    const lift = r.reactivation.lift as NonNullable<typeof r.reactivation.lift>;
    expect(lift.ci95.low).toBeLessThan(0);
    // The revenue interval reaches as low as the lift's, priced at 60 per reactivated customer.
    expect(r.revenue?.ci95?.low).toBeCloseTo(lift.ci95.low * 60, 8);
    expect(r.revenue?.ci95?.high).toBeGreaterThan(r.revenue?.meanA ?? Number.POSITIVE_INFINITY);
    expect(r.roi?.ci95?.low).toBeLessThan(0);
    expect(r.roi?.significant).toBe(false);
  });

  it('calls no lift significant without a control group', () => {
    const { campaign, journeys, purchases, tasks, at } = summerCampaign();
    const r = campaignReport({
      campaign,
      journeys: journeys.filter((j) => j.status !== 'held-out'),
      purchases,
      tasks,
      prices: { email: 0.0001, sms: 0.01, perJourney: 0.0004 },
      now: new Date(at(40)),
    });
    expect(r.reactivation.lift).toBeNull();
    expect(r.reactivation.significant).toBe(false);
    expect(r.revenue).toBeNull();
    expect(r.roi).toBeNull();
  });

  it('leaves revenue unknown rather than guessing when enrolments lack the spend baseline', () => {
    const old = journeys.map(({ spendAtEnrolment: _baseline, ...j }) => j);
    const r = campaignReport({
      campaign,
      journeys: old,
      purchases,
      tasks,
      prices: { email: 0, sms: 0, perJourney: 0 },
      now: new Date(at(40)),
    });
    expect(r.revenue).toBeNull();
    expect(r.roi).toBeNull();
    expect(r.reactivation.enrolled.count).toBe(20);
  });
});

/**
 * The summer campaign's report with some of its contacted journeys changed: `change` gets them in
 * order and returns each one's new form (or undefined to leave it).
 */
function summerReportWith(change: (journey: JourneyRecord, index: number) => JourneyRecord | undefined) {
  const { campaign, journeys, purchases, tasks, at } = summerCampaign();
  let index = 0;
  const changed = journeys.map((j) => (j.status === 'held-out' ? j : (change(j, index++) ?? j)));
  return campaignReport({
    campaign,
    journeys: changed,
    purchases,
    tasks,
    prices: { email: 0.0001, sms: 0.01, perJourney: 0.0004 },
    now: new Date(at(40)),
  });
}

describe('campaign report of a campaign with failed journeys', () => {
  it('counts a journey a step could not take on under failed with its error, among the enrolled (not as a response)', () => {
    // Prepare / Act: the summer campaign with two contacted journeys failed
    const report = summerReportWith((j, i) =>
      i < 2 ? { ...j, status: 'failed', exitReason: 'States.Timeout' } : undefined,
    );

    // Assess
    expect(report.journeys).toMatchObject({ enrolled: 100, failed: 2, failures: { 'States.Timeout': 2 } });
    expect(report.responses).not.toHaveProperty('States.Timeout');
  });
});

describe('campaign report of SMS as carriers bill them', () => {
  it('costs texts per billed part: a two-part text costs two, a record from before parts were counted one', () => {
    // Prepare / Act: the summer campaign's texts, five of them two-part (a 71-character Cyrillic body)
    let twoPart = 0;
    const report = summerReportWith((j) => {
      if (twoPart >= 5 || !j.timeline.some((t) => t.step === 'sms' && t.outcome === 'sent')) return undefined;
      twoPart++;
      return {
        ...j,
        timeline: j.timeline.map((t) => (t.step === 'sms' && t.outcome === 'sent' ? { ...t, parts: 2 } : t)),
      };
    });

    // Assess
    const { sent, parts } = report.steps.sms;
    expect(twoPart).toBe(5);
    expect(parts).toBe(sent + 5);
    expect(report.cost.sms).toBeCloseTo(parts * 0.01, 10);
  });
});

describe('campaign report of a campaign under way', () => {
  it('tells the waiting from the contacted: enrolled is not contacted until a message goes or a call task is made', () => {
    // Prepare / Act: 30 journeys still waiting for their moment, 5 emailed and waiting for an answer,
    // 5 whose call could never be placed, 2 whose call task was created
    const report = summerReportWith((j, i) => {
      const start = j.timeline.slice(0, 1);
      if (i < 30) return { ...j, status: 'active', exitReason: undefined, timeline: start } as JourneyRecord;
      if (i < 35)
        return {
          ...j,
          status: 'active',
          exitReason: undefined,
          timeline: [...start, { at: j.enrolledAt, step: 'email', outcome: 'sent' }],
        } as JourneyRecord;
      if (i < 40)
        return {
          ...j,
          status: 'completed',
          exitReason: undefined,
          timeline: [
            ...start,
            { at: j.enrolledAt, step: 'call', outcome: 'skipped', reason: 'no callable hours' },
          ],
        } as JourneyRecord;
      if (i < 42)
        return {
          ...j,
          status: 'completed',
          exitReason: undefined,
          timeline: [
            ...start,
            { at: j.enrolledAt, step: 'call', outcome: 'call scheduled for 2026-06-03T09:00:00.000Z' },
            { at: j.enrolledAt, step: 'call-task', outcome: 'created' },
          ],
        } as JourneyRecord;
      return undefined;
    });

    // Assess: every enrolled journey is in one place; contacted counts what reached the customer
    const j = report.journeys;
    // The 58 left as they were ran their course (42–79 with a message, 80–99 without any).
    expect(j).toMatchObject({ enrolled: 100, active: 35, waiting: 30, completed: 65, endedByCustomer: 0 });
    expect(j.active + j.completed + j.endedByCustomer + j.endedByCampaign + j.failed).toBe(j.enrolled);
    // 48 of the untouched got a message (42–89), 5 emailed here, 2 call tasks created.
    expect(j.contacted).toBe(48 + 5 + 2);
    expect(report.steps.call).toMatchObject({ scheduled: 2, skipped: { 'no callable hours': 5 } });
    expect(report.reactivation.enrolled.of).toBe(j.enrolled);
  });
});

describe('campaign report of a cancelled campaign', () => {
  it("counts journeys the campaign's cancel ended as stopped, apart from the customers' responses", () => {
    // Prepare / Act: three contacted journeys ended by the cancel, one by a purchase the step found
    const before = summerReportWith(() => undefined);
    const report = summerReportWith((j, i) =>
      i < 3
        ? { ...j, status: 'ended', exitReason: 'campaign cancelled' }
        : i === 3
          ? { ...j, status: 'ended', exitReason: 'purchased' }
          : undefined,
    );

    // Assess
    expect(report.stopped).toEqual({ 'campaign cancelled': 3 });
    expect(report.journeys.endedByCampaign).toBe(3);
    // The first four had ended by a purchase: three are now the cancel's, one a purchase still.
    expect(report.journeys.endedByCustomer).toBe(before.journeys.endedByCustomer - 3);
    expect(report.responses).not.toHaveProperty('campaign cancelled');
    expect(report.responses.purchased ?? 0).toBe((before.responses.purchased ?? 0) + 1);
  });
});

describe('campaign report KPIs', () => {
  it('gives incremental reactivations, cost per incremental reactivation, order values and the value of those who came back, as computed by hand', () => {
    // Prepare: 10 enrolled (each emailed), 4 of whom bought again; 10 held out, 1 of whom did
    const enrolledAt = '2026-03-01T00:00:00.000Z';
    const day = Math.floor(Date.parse(enrolledAt) / 86_400_000);
    const journey = (customerId: string, status: JourneyRecord['status']): JourneyRecord => ({
      campaignId: 'kpi',
      customerId,
      status,
      enrolledAt,
      spendAtEnrolment: 100,
      clv365DaysAtEnrolment: 50,
      timeline: status === 'held-out' ? [] : [{ at: enrolledAt, step: 'email', outcome: 'sent' }],
    });
    const journeys = [
      ...Array.from({ length: 10 }, (_, i) => journey(`a${i}`, 'completed')),
      ...Array.from({ length: 10 }, (_, i) => journey(`h${i}`, 'held-out')),
    ];
    const purchases = new Map([
      ['a0', { purchaseDays: [day - 50, day + 5, day + 10], spend: 160 }], // 2 orders, 60 since
      ['a1', { purchaseDays: [day - 50, day + 3], spend: 130 }],
      ['a2', { purchaseDays: [day - 50, day + 3], spend: 130 }],
      ['a3', { purchaseDays: [day - 50, day + 3], spend: 130 }],
      ['h0', { purchaseDays: [day - 50, day + 7], spend: 120 }],
    ]);
    const outcome = { result: 'reached', recordedAt: enrolledAt };
    const tasks = ['a8', 'a9'].map((customerId) => ({
      taskId: `t-${customerId}`,
      campaignId: 'kpi',
      customerId,
      status: 'done' as const,
      dueAt: enrolledAt,
      createdAt: enrolledAt,
      context: {},
      outcome: outcome as never,
    }));

    // Act
    const report = campaignReport({
      campaign: { ...summerCampaign().campaign, campaignId: 'kpi', attributionDays: 30 },
      journeys,
      purchases,
      tasks,
      prices: { email: 0.5, sms: 0, perJourney: 0, call: 2 },
      now: new Date('2026-04-15T00:00:00Z'),
    });

    // Assess: by hand
    const lift = rateDifference(wilson(4, 10), wilson(1, 10));
    const { kpis, cost } = report;
    expect(cost).toMatchObject({ email: 5, calls: 4, total: 9 });
    expect(kpis.reactivationRate).toMatchObject({ count: 4, of: 10, rate: 0.4 });
    expect(kpis.incrementalReactivations?.value).toBeCloseTo(3, 10);
    expect(kpis.incrementalReactivations?.ci95.low).toBeCloseTo((lift?.ci95.low ?? 0) * 10, 10);
    expect(kpis.incrementalReactivations?.ci95.high).toBeCloseTo((lift?.ci95.high ?? 0) * 10, 10);
    expect(kpis.costPerIncrementalReactivation?.value).toBeCloseTo(3, 10);
    expect(kpis.costPerIncrementalReactivation?.ci95.low).toBeCloseTo(9 / ((lift?.ci95.high ?? 0) * 10), 10);
    // 4 of 10 against 1 of 10: the lift's interval reaches below 0, so the cost has no upper bound
    expect(lift?.ci95.low).toBeLessThan(0);
    expect(kpis.costPerIncrementalReactivation?.ci95.high).toBeNull();
    expect(kpis.averageOrderValue).toEqual({ enrolled: 150 / 5, heldOut: 20 });
    expect(kpis.revenue).toBeCloseTo(150, 10);
    expect(kpis.expectedValueOfReactivated).toBe(200);
  });
});
