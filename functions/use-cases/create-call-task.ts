/**
 * The manager call task, created when a journey's call schedule fires. Scheduler retries its
 * target, so the task is keyed by the schedule name and created once. The customer is checked
 * again first: a response, an erasure or a cancelled campaign since the schedule was made means
 * no task. The context a manager needs is gathered here, not carried in the schedule.
 *
 * A campaign paused when the call falls due defers it here, not in the journey's state machine
 * (which ended when it placed the schedule): a new one-time schedule of this very function, at
 * the first time inside both parties' hours after the paused-campaign recheck interval, becomes
 * the journey's call schedule (a response or a cancel deletes that one). A campaign still paused
 * past the journey's last day ends the call step without a call.
 */

import type { CallSchedulePayload } from '../domain/journey/call-task.js';
import type { Campaign } from '../domain/journey/campaign.js';
import { journeyStopReason } from '../domain/journey/contact-decision.js';
import type { JourneyRecord } from '../domain/journey/journey.js';
import {
  callAt,
  callDeferralOf,
  DAY_MS,
  deferredCallScheduleName,
  MAX_JOURNEY_DAYS,
} from '../domain/journey/journey-rules.js';
import { campaignForJourney } from '../domain/journey/offer-choice.js';
import { recipientTimeZone } from '../domain/journey/send-window.js';
import type { CallScheduler } from '../ports/call-scheduler.js';
import type { CallTaskStore } from '../ports/call-task-store.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { CustomerRecord, CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { ManagerNotifier } from '../ports/manager-notifier.js';
import type { ScoreStore } from '../ports/scoring-store.js';
import type { SendLedger } from '../ports/send-ledger.js';
import { type JourneySettings, journeyFacts, placeCallSchedule, windowOf } from './journey-steps.js';

export interface CallTaskDeps {
  campaigns: CampaignStore;
  journeys: JourneyStore;
  customers: CustomerRepository;
  scores: ScoreStore;
  sends: SendLedger;
  tasks: CallTaskStore;
  notifier: ManagerNotifier;
  /** Places the deferred call's schedule (its target is this function). */
  calls: CallScheduler;
  clock: () => Date;
  settings: Pick<JourneySettings, 'windows' | 'manager' | 'pausedRecheckHours' | 'defaultTimeZone'>;
}

export async function createCallTask(
  deps: CallTaskDeps,
  payload: CallSchedulePayload,
): Promise<{ created: boolean; reason?: string }> {
  const { campaignId, customerId, scheduleName } = payload;
  const now = deps.clock();
  const [campaign, journey, customer, scores, email, sms] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.journeys.get(campaignId, customerId),
    deps.customers.get(customerId),
    deps.scores.get(customerId),
    deps.sends.get(customerId, campaignId, 'email'),
    deps.sends.get(customerId, campaignId, 'sms'),
  ]);
  if (!journey) return { created: false, reason: 'journey not enrolled' };
  // The schedule was placed inside both windows: only what ends a journey is checked again (the
  // zone plays no part in that).
  const stop = journeyStopReason(journeyFacts(campaign, journey, customer, 'UTC'));
  if (stop) {
    // Ended elsewhere, or ending: a release a crashed step lost is made here (a no-op otherwise).
    await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
    return { created: false, reason: stop };
  }
  // A schedule the journey no longer names was replaced by a deferral (a retried or redriven
  // event of an earlier one): the journey's own schedule creates the task.
  if (journey.callSchedule && journey.callSchedule !== scheduleName)
    return { created: false, reason: `superseded by call schedule ${journey.callSchedule}` };
  if (campaign?.status === 'paused') return deferCall(deps, payload, { campaign, journey, customer, now });
  const created = await deps.tasks.create({
    taskId: scheduleName,
    campaignId,
    customerId,
    status: 'open',
    dueAt: now.toISOString(),
    createdAt: now.toISOString(),
    ...(customer?.previousContact ? { previousContact: customer.previousContact } : {}),
    context: {
      firstName: customer?.firstName ?? null,
      phone: customer?.phone ?? null,
      timeZone: customer?.timeZone ?? null,
      offer: callOffer(campaign && campaignForJourney(campaign, journey), journey),
      sent: {
        email: email ? { status: email.status, at: email.sentAt ?? email.claimedAt } : null,
        sms: sms ? { status: sms.status, at: sms.sentAt ?? sms.claimedAt } : null,
      },
      purchases: customer?.stats
        ? {
            orders: customer.stats.orders,
            spend: customer.stats.spend,
            firstPurchaseAt: customer.stats.firstPurchaseAt,
            lastPurchaseAt: customer.stats.lastPurchaseAt,
          }
        : null,
      lapsedCategories: scores?.lapsedCategories ?? [],
      segment: scores?.rfm?.segment ?? null,
      churnMomentOn: scores?.churnMomentOn ?? null,
      clv365Days: scores?.clv365Days ?? null,
    },
  });
  if (created === 'created')
    await deps.notifier.notify({ taskId: scheduleName, campaignId, dueAt: now.toISOString() });
  // A retried target finds the task made: it finishes what the first attempt may not have (both
  // writes are no-ops once done), so the journey never stays active with its task created.
  await deps.journeys.record(
    campaignId,
    customerId,
    { at: now.toISOString(), step: 'call-task', outcome: 'created' },
    { status: 'completed' },
  );
  await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
  return { created: created === 'created' };
}

/** The campaign is paused: the call moves to a new schedule after the recheck interval. */
async function deferCall(
  deps: CallTaskDeps,
  payload: CallSchedulePayload,
  state: { campaign: Campaign; journey: JourneyRecord; customer: CustomerRecord | undefined; now: Date },
): Promise<{ created: false; reason: string }> {
  const { campaignId, customerId, scheduleName } = payload;
  const { campaign, journey, customer, now } = state;
  const { timeZone } = recipientTimeZone(customer?.timeZone, deps.settings.defaultTimeZone);
  const recheck = new Date(now.getTime() + deps.settings.pausedRecheckHours * 3_600_000);
  const at = callAt(recheck, deps.settings.manager, { window: windowOf(deps, campaign, 'call'), timeZone });
  const lastDay = Date.parse(journey.enrolledAt) + MAX_JOURNEY_DAYS * DAY_MS;
  if (!at || at.getTime() > lastDay) {
    const reason = at
      ? "the campaign stayed paused past the journey's last day"
      : "the managers' hours and the customer's calling window never overlap";
    await deps.journeys.record(
      campaignId,
      customerId,
      { at: now.toISOString(), step: 'call', outcome: 'skipped', reason },
      { status: 'completed' },
    );
    await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
    return { created: false, reason: `campaign paused: ${reason}` };
  }
  const name = deferredCallScheduleName(
    campaignId,
    customerId,
    callDeferralOf(scheduleName, campaignId, customerId) + 1,
  );
  await placeCallSchedule(deps, { campaignId, customerId }, name, at, {
    at: now.toISOString(),
    step: 'call',
    outcome: `call deferred to ${at.toISOString()}`,
    reason: 'campaign paused',
  });
  return { created: false, reason: `campaign paused: call deferred to ${at.toISOString()}` };
}

/**
 * The offer the manager can quote: the campaign's, with the code this customer's messages carried
 * (their personal one, when the campaign gives them) and its last valid day.
 */
function callOffer(
  campaign: Campaign | undefined,
  journey: JourneyRecord,
): { description: string; code?: string; expiresOn?: string } | null {
  if (!campaign?.offer) return null;
  const own = journey.offer && journey.offer.source !== 'skip' ? journey.offer : undefined;
  const code = own?.code ?? campaign.offer.code;
  return {
    description: campaign.offer.description,
    ...(code ? { code } : {}),
    ...(own?.expiresOn ? { expiresOn: own.expiresOn } : {}),
  };
}
