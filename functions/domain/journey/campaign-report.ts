/**
 * A campaign's report: what each step did, who responded, and whether the campaign worked — the
 * contacted customers against the control group that got nothing.
 *
 * Reactivated = a purchase on a day after the enrolment day and within the campaign's
 * attribution window (from the purchase days of the customer's statistics; the same rule for
 * both groups, so the lift is fair). Revenue = the customer's spend now less their spend at
 * enrolment (recorded on the journey), for reactivated customers; customers enrolled before the
 * baseline was recorded leave revenue unknown rather than guessed.
 */

import { roundMoney } from '../order.js';
import type { CallTask } from './call-task.js';
import type { Campaign } from './campaign.js';
import type { JourneyRecord } from './journey.js';
import {
  addValue,
  type MeanDifference,
  type Moments,
  noMoments,
  type Rate,
  rateDifference,
  revenueDifferenceOf,
  wilson,
} from './lift.js';
import { isCustomerResponse } from './responses.js';
import { tallyVariant, type VariantReport, type VariantTally, variantReport } from './variant-report.js';

export interface CustomerPurchases {
  purchaseDays: readonly number[];
  spend: number;
}

export interface ReportPrices {
  /** Per email (SES). */
  email: number;
  /** Per SMS part, the unit carriers bill (SNS, the destination country's rate). */
  sms: number;
  /** AWS per contacted journey: transitions, invocations, requests (docs/scale-and-cost.md). */
  perJourney: number;
  /** Per manager call made (a task with its outcome recorded); 0 when not configured. */
  call?: number;
}

export interface StepFigures {
  /** Journeys that came to the step and were decided (sent, unconfirmed or skipped). */
  eligible: number;
  sent: number;
  skipped: Record<string, number>;
  /** Journeys whose response came after this step's message. */
  responded: number;
}

/**
 * The campaign's journeys by where they stand. Every enrolled journey is in exactly one of
 * active, completed, ended by the customer, ended by the campaign and failed; `waiting` and
 * `contacted` cut across them (a journey that contacted the customer and then ended is both).
 */
export interface JourneyCounts {
  /** The treatment group: customers not held out whose journey started, whatever became of it. */
  enrolled: number;
  /** The control group: recorded, never contacted. */
  heldOut: number;
  /** Selected but not started (no churn moment, erased, too far away): in neither group. */
  notEnrolled: number;
  /** Enrolled journeys still running. */
  active: number;
  /** Active journeys that have not contacted the customer yet (their moment or window is to come). */
  waiting: number;
  /** Journeys that sent at least one message or created a call task. */
  contacted: number;
  /** Journeys that ran their course: the last step done, or nothing left that could be done. */
  completed: number;
  /** Journeys the customer ended: a response (the `responses` breakdown). */
  endedByCustomer: number;
  /** Journeys ended from our side: the campaign cancelled, the customer erased, … (the `stopped` breakdown). */
  endedByCampaign: number;
  /** Journeys a step could not take past its retries: ended `failed`, the error recorded. */
  failed: number;
  /** Failed journeys by error. */
  failures: Record<string, number>;
}

export interface CampaignReport {
  campaignId: string;
  status: Campaign['status'];
  generatedAt: string;
  /**
   * `request`: read from every journey when asked; `campaign run`: built by the campaign's run
   * (after the launch, then at every completion check) — the one large campaigns answer with.
   */
  builtBy: 'request' | 'campaign run';
  attributionDays: number;
  journeys: JourneyCounts;
  steps: {
    email: StepFigures & {
      delivered: number;
      bounced: number;
      complained: number;
      opened: number;
      clicked: number;
      /** Unsubscribed through SES subscription management (our own links count as responses). */
      unsubscribed: number;
    };
    sms: StepFigures & {
      /** The parts (segments) the carriers bill for the texts sent: what the SMS cost is counted in. */
      parts: number;
    };
    call: {
      /** Journeys whose call was scheduled (the task is created when it falls due). */
      scheduled: number;
      /** Journeys whose call could not be placed, by reason ("no callable hours", …). */
      skipped: Record<string, number>;
      tasks: number;
      open: number;
      done: number;
      results: Record<string, number>;
      leavingReasons: Record<string, number>;
    };
  };
  /** Journeys the customer ended, by response (purchase, click, unsubscribe, …). */
  responses: Record<string, number>;
  /** Journeys ended from our side, by reason (campaign cancelled, customer erased, …): no response. */
  stopped: Record<string, number>;
  /** Win-back survey answers: why customers left, in their own words' category. */
  surveys: { answers: number; leavingReasons: Record<string, number> };
  /** Why customers left, from both sources: survey answers and managers' call outcomes. */
  leavingReasons: Record<string, { survey: number; call: number; total: number }>;
  /** Personal offer codes: given out, fallen back, redeemed (by whom), and the discounts they cost. */
  offers: OfferFigures;
  /**
   * The enrolled (every journey started, contacted or not: the groups were split at random before
   * anything was sent) against the control group.
   */
  reactivation: {
    enrolled: Rate;
    heldOut: Rate;
    /** Enrolled minus held out, in rate points, with Newcombe's 95 % interval. */
    lift: { difference: number; ci95: { low: number; high: number } } | null;
    relativeLift: number | null;
    /** Whether the lift's interval excludes 0; false when there is no lift to judge. */
    significant: boolean;
  };
  /** Per customer of each group (A enrolled, B held out); null while some journeys lack the spend baseline. */
  revenue: (MeanDifference & { incremental: number }) | null;
  /** Calls: tasks with an outcome at `reports.callPrice`; discounts: what redeemed codes took off their orders. */
  cost: { email: number; sms: number; calls: number; aws: number; discounts: number; total: number };
  /** The figures a win-back programme is judged by, each with its uncertainty where it has one. */
  kpis: CampaignKpis;
  /** Each variant against the control group and the others (campaigns with variants; else null). */
  variants: VariantReport | null;
  /**
   * (incremental revenue − cost) / cost with its 95 % interval (from the revenue difference's);
   * null without revenue or cost. `significant` is false when the interval includes 0 — the
   * campaign may as well have lost money.
   */
  roi: { value: number; ci95: { low: number; high: number } | null; significant: boolean } | null;
}

/**
 * What a report keeps of the journeys read so far: counts and running moments — a few kilobytes
 * however many journeys, so a report over millions is built page by page (and handed from one
 * invocation to the next) without holding them.
 */
export interface CampaignKpis {
  /** Share of the enrolled who bought again within the attribution window (Wilson 95 %). */
  reactivationRate: Rate;
  /** Reactivations the campaign caused: the lift times the enrolled, with the lift's interval. */
  incrementalReactivations: { value: number; ci95: { low: number; high: number } } | null;
  /** Revenue per order since enrolment, of the reactivated customers of each group. */
  averageOrderValue: { enrolled: number | null; heldOut: number | null };
  /** Revenue since enrolment of the enrolled group, and what the campaign added over the control group. */
  revenue: number | null;
  incrementalRevenue: number | null;
  totalCost: number;
  /**
   * What each reactivation the campaign caused cost: total cost over incremental reactivations,
   * with the interval from the lift's (high null: the lift's interval reaches 0, so it may cost
   * without bound). Null without a positive lift.
   */
  costPerIncrementalReactivation: { value: number; ci95: { low: number; high: number | null } } | null;
  /** The scoring model's 365-day value (at enrolment) of the enrolled customers who came back. */
  expectedValueOfReactivated: number;
}

export interface OfferFigures {
  /** Journeys that got a personal code of their own (generated or from the pool). */
  codesGiven: number;
  /** Journeys the pool had no code for: given the shared code instead, or no message. */
  fellBack: { sharedCode: number; noMessage: number };
  /** Orders that redeemed a journey's code. */
  redemptions: number;
  /** Journeys whose code was redeemed at least once. */
  redeemedCodes: number;
  /** Redemptions by someone other than the customer the code was sent to. */
  redeemedByOthers: number;
  /** The discounts those orders got, in the base currency. */
  discountGiven: number;
  /** Enrolled journeys by the offer rule they fell under (`campaign offer`: none matched). */
  byRule: Record<string, number>;
  /** Incentives the spending guard withheld: sent without one, or not sent. */
  withheld: { noOffer: number; noMessage: number };
}

export interface ReportTally {
  journeys: JourneyCounts;
  email: StepFigures;
  sms: StepFigures & { parts: number };
  call: { scheduled: number; skipped: Record<string, number> };
  /** Journeys the customer ended, by response (purchase, click, unsubscribe, …). */
  responses: Record<string, number>;
  /** Journeys ended from our side, by reason (campaign cancelled, customer erased, …): no response. */
  stopped: Record<string, number>;
  surveys: { answers: number; leavingReasons: Record<string, number> };
  offers: OfferFigures;
  reactivated: { enrolled: number; heldOut: number };
  /** Of the reactivated customers of each group: revenue and orders (purchase days) since enrolment. */
  reactivatedOrders: {
    enrolled: { revenue: number; orders: number };
    heldOut: { revenue: number; orders: number };
  };
  /** The model's 365-day value, at enrolment, of the enrolled customers who came back. */
  valueOfReactivated: number;
  /** The enrolled of each variant (campaigns with variants). */
  variants: Record<string, VariantTally>;
  /** Revenue since enrolment per customer of each group. */
  revenue: { enrolled: Moments; heldOut: Moments };
  /** Journeys enrolled before the spend baseline was recorded: revenue stays unknown. */
  withoutBaseline: number;
}

const noStep = (): StepFigures => ({ eligible: 0, sent: 0, skipped: {}, responded: 0 });

export const noJourneys = (): JourneyCounts => ({
  enrolled: 0,
  heldOut: 0,
  notEnrolled: 0,
  active: 0,
  waiting: 0,
  contacted: 0,
  completed: 0,
  endedByCustomer: 0,
  endedByCampaign: 0,
  failed: 0,
  failures: {},
});

export const emptyTally = (): ReportTally => ({
  journeys: noJourneys(),
  email: noStep(),
  sms: { ...noStep(), parts: 0 },
  call: { scheduled: 0, skipped: {} },
  responses: {},
  stopped: {},
  surveys: { answers: 0, leavingReasons: {} },
  offers: noOffers(),
  reactivated: { enrolled: 0, heldOut: 0 },
  reactivatedOrders: { enrolled: { revenue: 0, orders: 0 }, heldOut: { revenue: 0, orders: 0 } },
  valueOfReactivated: 0,
  variants: {},
  revenue: { enrolled: noMoments(), heldOut: noMoments() },
  withoutBaseline: 0,
});

export const noOffers = (): OfferFigures => ({
  codesGiven: 0,
  fellBack: { sharedCode: 0, noMessage: 0 },
  redemptions: 0,
  redeemedCodes: 0,
  redeemedByOthers: 0,
  discountGiven: 0,
  byRule: {},
  withheld: { noOffer: 0, noMessage: 0 },
});

/** Counts the journey's personal code and the orders that redeemed it. */
function countOffer(offers: OfferFigures, journey: JourneyRecord, hasRules: boolean): void {
  const choice = journey.offerChoice;
  if (hasRules) count(offers.byRule, choice?.rule ?? 'campaign offer');
  if (choice?.guard === 'no-offer') offers.withheld.noOffer++;
  else if (choice?.guard === 'no-message') offers.withheld.noMessage++;
  const offer = journey.offer;
  if (!offer) return;
  if (offer.source === 'generated' || offer.source === 'pool') offers.codesGiven++;
  else if (offer.source === 'shared') offers.fellBack.sharedCode++;
  else offers.fellBack.noMessage++;
  const redemptions = Object.values(journey.redemptions ?? {});
  if (redemptions.length > 0) offers.redeemedCodes++;
  for (const r of redemptions) {
    offers.redemptions++;
    if (r.byCustomerId) offers.redeemedByOthers++;
    offers.discountGiven = roundMoney(offers.discountGiven + r.discount);
  }
}

const DAY_MS = 86_400_000;
const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

/**
 * Counts a step's decision on a journey: the last one (a deferred step is decided later); the
 * step's message, once sent, in the parts it is billed as (1 where a record predates the count).
 */
function countStep(
  figures: StepFigures & { parts?: number },
  journey: JourneyRecord,
  step: 'email' | 'sms',
): void {
  let last: JourneyRecord['timeline'][number] | undefined;
  for (const t of journey.timeline)
    if (t.step === step && (t.outcome === 'sent' || t.outcome === 'unconfirmed' || t.outcome === 'skipped'))
      last = t;
  if (!last) return;
  figures.eligible++;
  if (last.outcome === 'skipped') count(figures.skipped, last.reason ?? 'unknown');
  else {
    figures.sent++;
    if (figures.parts !== undefined) figures.parts += last.parts ?? 1;
  }
}

/** Whether the journey reached the customer: a message sent (or possibly sent) or a call task created. */
function hasContacted(journey: JourneyRecord): boolean {
  return journey.timeline.some(
    (t) =>
      ((t.step === 'email' || t.step === 'sms') && (t.outcome === 'sent' || t.outcome === 'unconfirmed')) ||
      (t.step === 'call-task' && t.outcome === 'created'),
  );
}

/** Counts the call step's last decision: scheduled, or skipped with its reason. */
function countCall(tally: ReportTally, journey: JourneyRecord): void {
  let last: JourneyRecord['timeline'][number] | undefined;
  for (const t of journey.timeline) if (t.step === 'call') last = t;
  if (!last) return;
  if (last.outcome.startsWith('call scheduled')) tally.call.scheduled++;
  else if (last.outcome === 'skipped') count(tally.call.skipped, last.reason ?? 'unknown');
}

/** The step whose message a response followed: the last one sent before the journey ended. */
function respondedAfter(journey: JourneyRecord): 'email' | 'sms' | undefined {
  let last: 'email' | 'sms' | undefined;
  for (const t of journey.timeline) {
    if (t.step === 'exit') break;
    if ((t.step === 'email' || t.step === 'sms') && (t.outcome === 'sent' || t.outcome === 'unconfirmed'))
      last = t.step;
  }
  return last;
}

/** Adds a page of journeys (with their customers' purchases) to the tally. */
export function tallyJourneys(
  tally: ReportTally,
  journeys: readonly JourneyRecord[],
  purchases: ReadonlyMap<string, CustomerPurchases>,
  attributionDays: number,
  /** Whether the campaign has offer rules (journeys are then counted by rule). */
  hasRules = false,
): void {
  for (const j of journeys) {
    if (j.survey) {
      tally.surveys.answers++;
      count(tally.surveys.leavingReasons, j.survey.leavingReason);
    }
    if (j.status === 'not-enrolled') {
      tally.journeys.notEnrolled++;
      continue;
    }
    const group = j.status === 'held-out' ? 'heldOut' : 'enrolled';
    tally.journeys[group]++;
    if (group === 'enrolled') {
      const counts = tally.journeys;
      const contacted = hasContacted(j);
      if (contacted) counts.contacted++;
      if (j.status === 'active') {
        counts.active++;
        if (!contacted) counts.waiting++;
      } else if (j.status === 'completed') counts.completed++;
      else if (j.status === 'failed') {
        counts.failed++;
        count(counts.failures, j.exitReason ?? 'unknown');
      } else if (j.status === 'ended') {
        const reason = j.exitReason ?? 'unknown';
        if (isCustomerResponse(reason)) {
          counts.endedByCustomer++;
          count(tally.responses, reason);
          const step = respondedAfter(j);
          if (step) tally[step].responded++;
        } else {
          counts.endedByCampaign++;
          count(tally.stopped, reason);
        }
      }
      countStep(tally.email, j, 'email');
      countStep(tally.sms, j, 'sms');
      countCall(tally, j);
      countOffer(tally.offers, j, hasRules);
    }
    // Reactivated within the window; the revenue since enrolment (unknown without a baseline).
    const bought = purchases.get(j.customerId);
    const enrolDay = Math.floor(Date.parse(j.enrolledAt) / DAY_MS);
    const reactivated = Boolean(
      bought?.purchaseDays.some((d) => d > enrolDay && d <= enrolDay + attributionDays),
    );
    if (reactivated) {
      tally.reactivated[group]++;
      if (group === 'enrolled' && j.clv365DaysAtEnrolment !== undefined)
        tally.valueOfReactivated = roundMoney(tally.valueOfReactivated + j.clv365DaysAtEnrolment);
    }
    const since =
      j.spendAtEnrolment === undefined
        ? undefined
        : reactivated
          ? Math.max(0, (bought?.spend ?? 0) - j.spendAtEnrolment)
          : 0;
    if (group === 'enrolled' && j.variant) tallyVariant(tally.variants, j.variant, reactivated, since);
    if (since === undefined) tally.withoutBaseline++;
    else {
      addValue(tally.revenue[group], since);
      if (reactivated) {
        const orders = tally.reactivatedOrders[group];
        orders.revenue = roundMoney(orders.revenue + since);
        orders.orders += bought?.purchaseDays.filter((d) => d > enrolDay).length ?? 0;
      }
    }
  }
}

/** The report from a complete tally, the campaign's SES counts and its call tasks. */
export function reportFromTally(input: {
  campaign: Campaign;
  tally: ReportTally;
  builtBy?: CampaignReport['builtBy'];
  tasks: readonly CallTask[];
  prices: ReportPrices;
  now: Date;
}): CampaignReport {
  const { campaign, tally, prices } = input;
  const mine = input.tasks.filter((t) => t.campaignId === campaign.campaignId);
  const results: Record<string, number> = {};
  const leavingReasons: Record<string, number> = {};
  for (const t of mine) {
    if (t.outcome) count(results, t.outcome.result);
    if (t.outcome?.leavingReason) count(leavingReasons, t.outcome.leavingReason);
  }
  const enrolledRate = wilson(tally.reactivated.enrolled, tally.journeys.enrolled);
  const heldOutRate = wilson(tally.reactivated.heldOut, tally.journeys.heldOut);
  const lift = rateDifference(enrolledRate, heldOutRate);
  const revenues =
    tally.withoutBaseline === 0
      ? revenueDifferenceOf(tally.revenue.enrolled, tally.revenue.heldOut, lift)
      : null;
  const revenue = revenues && { ...revenues, incremental: revenues.difference * tally.journeys.enrolled };
  const stats = campaign.emailStats ?? {};
  const callsMade = mine.filter((t) => t.outcome).length;
  const cost = {
    email: tally.email.sent * prices.email,
    sms: tally.sms.parts * prices.sms,
    calls: callsMade * (prices.call ?? 0),
    aws: tally.journeys.enrolled * prices.perJourney,
    discounts: tally.offers.discountGiven,
    total: 0,
  };
  cost.total = cost.email + cost.sms + cost.calls + cost.aws + cost.discounts;
  // Revenue is what customers paid, net of the codes' discounts, and the discounts are in the
  // cost: added back here, so the return counts a discount once (gross revenue against all cost).
  const returnOn = (incremental: number) => (incremental + cost.discounts - cost.total) / cost.total;
  const roiInterval =
    revenue?.ci95 &&
    ({
      low: returnOn(revenue.ci95.low * tally.journeys.enrolled),
      high: returnOn(revenue.ci95.high * tally.journeys.enrolled),
    } as const);
  return {
    campaignId: campaign.campaignId,
    status: campaign.status,
    generatedAt: input.now.toISOString(),
    builtBy: input.builtBy ?? 'request',
    attributionDays: campaign.attributionDays,
    journeys: { ...tally.journeys, failures: { ...tally.journeys.failures } },
    steps: {
      email: {
        ...tally.email,
        delivered: stats.delivered ?? 0,
        bounced: stats.bounced ?? 0,
        complained: stats.complained ?? 0,
        opened: stats.opened ?? 0,
        clicked: stats.clicked ?? 0,
        unsubscribed: stats.unsubscribed ?? 0,
      },
      sms: tally.sms,
      call: {
        scheduled: tally.call.scheduled,
        skipped: { ...tally.call.skipped },
        tasks: mine.length,
        open: mine.filter((t) => t.status === 'open').length,
        done: mine.filter((t) => t.status === 'done').length,
        results,
        leavingReasons,
      },
    },
    responses: tally.responses,
    stopped: tally.stopped,
    surveys: tally.surveys,
    leavingReasons: combinedReasons(tally.surveys.leavingReasons, leavingReasons),
    offers: {
      ...tally.offers,
      fellBack: { ...tally.offers.fellBack },
      byRule: { ...tally.offers.byRule },
      withheld: { ...tally.offers.withheld },
    },
    reactivation: {
      enrolled: enrolledRate,
      heldOut: heldOutRate,
      lift,
      relativeLift:
        enrolledRate.rate !== null && heldOutRate.rate ? enrolledRate.rate / heldOutRate.rate - 1 : null,
      significant: lift !== null && (lift.ci95.low > 0 || lift.ci95.high < 0),
    },
    revenue,
    cost,
    kpis: kpisOf(tally, enrolledRate, lift, revenue, cost.total),
    variants: variantReport(campaign, tally.variants, {
      reactivated: tally.reactivated.heldOut,
      heldOut: tally.journeys.heldOut,
      revenue: tally.revenue.heldOut,
    }),
    roi:
      revenue && cost.total > 0
        ? {
            value: returnOn(revenue.incremental),
            ci95: roiInterval ?? null,
            significant: roiInterval ? roiInterval.low > 0 || roiInterval.high < 0 : false,
          }
        : null,
  };
}

/** One table of why customers left: what they answered and what managers heard on the phone. */
function combinedReasons(
  survey: Readonly<Record<string, number>>,
  call: Readonly<Record<string, number>>,
): CampaignReport['leavingReasons'] {
  const reasons = [...new Set([...Object.keys(survey), ...Object.keys(call)])].sort();
  return Object.fromEntries(
    reasons.map((r) => {
      const [s, c] = [survey[r] ?? 0, call[r] ?? 0];
      return [r, { survey: s, call: c, total: s + c }];
    }),
  );
}

function kpisOf(
  tally: ReportTally,
  reactivationRate: Rate,
  lift: CampaignReport['reactivation']['lift'],
  revenue: CampaignReport['revenue'],
  totalCost: number,
): CampaignKpis {
  const enrolled = tally.journeys.enrolled;
  const incremental = lift && {
    value: lift.difference * enrolled,
    ci95: { low: lift.ci95.low * enrolled, high: lift.ci95.high * enrolled },
  };
  const perOrder = (g: { revenue: number; orders: number }) => (g.orders > 0 ? g.revenue / g.orders : null);
  const costPer =
    incremental && incremental.value > 0
      ? {
          value: totalCost / incremental.value,
          ci95: {
            low: totalCost / incremental.ci95.high,
            high: incremental.ci95.low > 0 ? totalCost / incremental.ci95.low : null,
          },
        }
      : null;
  return {
    reactivationRate,
    incrementalReactivations: incremental,
    averageOrderValue: {
      enrolled: perOrder(tally.reactivatedOrders.enrolled),
      heldOut: perOrder(tally.reactivatedOrders.heldOut),
    },
    revenue: revenue ? revenue.meanA * enrolled : null,
    incrementalRevenue: revenue?.incremental ?? null,
    totalCost,
    costPerIncrementalReactivation: costPer,
    expectedValueOfReactivated: tally.valueOfReactivated,
  };
}

/** The report of journeys held in memory (a small campaign, a test). */
export function campaignReport(input: {
  campaign: Campaign;
  journeys: readonly JourneyRecord[];
  purchases: ReadonlyMap<string, CustomerPurchases>;
  tasks: readonly CallTask[];
  prices: ReportPrices;
  now: Date;
}): CampaignReport {
  const tally = emptyTally();
  tallyJourneys(
    tally,
    input.journeys,
    input.purchases,
    input.campaign.attributionDays,
    Boolean(input.campaign.offerRules),
  );
  return reportFromTally({ ...input, tally });
}
