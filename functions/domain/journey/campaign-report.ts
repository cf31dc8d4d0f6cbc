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
import type { CallTask, JourneyRecord } from '../../ports/journey-store.js';
import type { Campaign } from './campaign.js';
import { type MeanDifference, meanDifference, type Rate, rateDifference, wilson } from './lift.js';

export interface CustomerPurchases {
  purchaseDays: readonly number[];
  spend: number;
}

export interface ReportPrices {
  /** Per email (SES). */
  email: number;
  /** Per SMS (SNS, the destination country's rate). */
  sms: number;
  /** AWS per contacted journey: transitions, invocations, requests (docs/scale-and-cost.md). */
  perJourney: number;
}

export interface StepFigures {
  /** Journeys that came to the step and were decided (sent, unconfirmed or skipped). */
  eligible: number;
  sent: number;
  skipped: Record<string, number>;
  /** Journeys whose response came after this step's message. */
  responded: number;
}

export interface CampaignReport {
  campaignId: string;
  status: Campaign['status'];
  generatedAt: string;
  attributionDays: number;
  journeys: { contacted: number; heldOut: number; notEnrolled: number; active: number };
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
    sms: StepFigures;
    call: {
      tasks: number;
      open: number;
      done: number;
      results: Record<string, number>;
      leavingReasons: Record<string, number>;
    };
  };
  responses: Record<string, number>;
  /** Win-back survey answers: why customers left, in their own words' category. */
  surveys: { answers: number; leavingReasons: Record<string, number> };
  reactivation: {
    contacted: Rate;
    heldOut: Rate;
    /** Contacted minus held out, in rate points, with Newcombe's 95 % interval. */
    lift: { difference: number; ci95: { low: number; high: number } } | null;
    relativeLift: number | null;
  };
  /** Per customer of each group; null while some journeys lack the spend baseline. */
  revenue: (MeanDifference & { incremental: number }) | null;
  cost: { email: number; sms: number; aws: number; total: number };
  /** (incremental revenue − cost) / cost; null without revenue or cost. */
  roi: number | null;
}

const DAY_MS = 86_400_000;
const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

function stepFigures(journeys: readonly JourneyRecord[], step: 'email' | 'sms'): StepFigures {
  const figures: StepFigures = { eligible: 0, sent: 0, skipped: {}, responded: 0 };
  for (const j of journeys) {
    const decided = j.timeline.filter(
      (t) =>
        t.step === step && (t.outcome === 'sent' || t.outcome === 'unconfirmed' || t.outcome === 'skipped'),
    );
    const last = decided[decided.length - 1];
    if (!last) continue;
    figures.eligible++;
    if (last.outcome === 'skipped') count(figures.skipped, last.reason ?? 'unknown');
    else figures.sent++;
  }
  return figures;
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

export function campaignReport(input: {
  campaign: Campaign;
  journeys: readonly JourneyRecord[];
  purchases: ReadonlyMap<string, CustomerPurchases>;
  tasks: readonly CallTask[];
  prices: ReportPrices;
  now: Date;
}): CampaignReport {
  const { campaign, journeys, purchases, tasks, prices } = input;
  const window = campaign.attributionDays;
  const contacted = journeys.filter((j) => j.status !== 'held-out' && j.status !== 'not-enrolled');
  const heldOut = journeys.filter((j) => j.status === 'held-out');

  const email = stepFigures(contacted, 'email');
  const sms = stepFigures(contacted, 'sms');
  const responses: Record<string, number> = {};
  for (const j of contacted) {
    if (j.status !== 'ended' || !j.exitReason) continue;
    count(responses, j.exitReason);
    const step = respondedAfter(j);
    if (step === 'email') email.responded++;
    if (step === 'sms') sms.responded++;
  }
  const surveys = { answers: 0, leavingReasons: {} as Record<string, number> };
  for (const j of journeys)
    if (j.survey) {
      surveys.answers++;
      count(surveys.leavingReasons, j.survey.leavingReason);
    }
  const mine = tasks.filter((t) => t.campaignId === campaign.campaignId);
  const results: Record<string, number> = {};
  const leavingReasons: Record<string, number> = {};
  for (const t of mine) {
    if (t.outcome) count(results, t.outcome.result);
    if (t.outcome?.leavingReason) count(leavingReasons, t.outcome.leavingReason);
  }

  /** Reactivated within the window, and the revenue since enrolment (undefined: no baseline). */
  const outcome = (j: JourneyRecord) => {
    const bought = purchases.get(j.customerId);
    const enrolDay = Math.floor(Date.parse(j.enrolledAt) / DAY_MS);
    const reactivated = Boolean(bought?.purchaseDays.some((d) => d > enrolDay && d <= enrolDay + window));
    const revenue =
      j.spendAtEnrolment === undefined
        ? undefined
        : reactivated
          ? Math.max(0, (bought?.spend ?? 0) - j.spendAtEnrolment)
          : 0;
    return { reactivated, revenue };
  };
  const contactedOutcomes = contacted.map(outcome);
  const heldOutOutcomes = heldOut.map(outcome);
  const rateOf = (os: { reactivated: boolean }[]) =>
    wilson(os.filter((o) => o.reactivated).length, os.length);
  const contactedRate = rateOf(contactedOutcomes);
  const heldOutRate = rateOf(heldOutOutcomes);
  const lift = rateDifference(contactedRate, heldOutRate);

  const all = [...contactedOutcomes, ...heldOutOutcomes];
  const revenues = all.every((o) => o.revenue !== undefined)
    ? meanDifference(
        contactedOutcomes.map((o) => o.revenue as number),
        heldOutOutcomes.map((o) => o.revenue as number),
      )
    : null;
  const revenue = revenues && { ...revenues, incremental: revenues.difference * contacted.length };

  const stats = campaign.emailStats ?? {};
  const cost = {
    email: email.sent * prices.email,
    sms: sms.sent * prices.sms,
    aws: contacted.length * prices.perJourney,
    total: 0,
  };
  cost.total = cost.email + cost.sms + cost.aws;
  return {
    campaignId: campaign.campaignId,
    status: campaign.status,
    generatedAt: input.now.toISOString(),
    attributionDays: window,
    journeys: {
      contacted: contacted.length,
      heldOut: heldOut.length,
      notEnrolled: journeys.filter((j) => j.status === 'not-enrolled').length,
      active: journeys.filter((j) => j.status === 'active').length,
    },
    steps: {
      email: {
        ...email,
        delivered: stats.delivered ?? 0,
        bounced: stats.bounced ?? 0,
        complained: stats.complained ?? 0,
        opened: stats.opened ?? 0,
        clicked: stats.clicked ?? 0,
        unsubscribed: stats.unsubscribed ?? 0,
      },
      sms,
      call: {
        tasks: mine.length,
        open: mine.filter((t) => t.status === 'open').length,
        done: mine.filter((t) => t.status === 'done').length,
        results,
        leavingReasons,
      },
    },
    responses,
    surveys,
    reactivation: {
      contacted: contactedRate,
      heldOut: heldOutRate,
      lift,
      relativeLift:
        contactedRate.rate !== null && heldOutRate.rate ? contactedRate.rate / heldOutRate.rate - 1 : null,
    },
    revenue,
    cost,
    roi: revenue && cost.total > 0 ? (revenue.incremental - cost.total) / cost.total : null,
  };
}
