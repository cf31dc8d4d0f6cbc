/**
 * The manager call task, created when a journey's call schedule fires. Scheduler retries its
 * target, so the task is keyed by the schedule name and created once. The customer is checked
 * again first: a response, an erasure or a cancelled campaign since the schedule was made means
 * no task. The context a manager needs is gathered here, not carried in the schedule.
 */
import { journeyStopReason } from '../domain/journey/contact-decision.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type {
  CallSchedulePayload,
  CallTaskStore,
  CampaignStore,
  JourneyStore,
  ManagerNotifier,
  SendLedger,
} from '../ports/journey-store.js';
import type { ScoreStore } from '../ports/scoring-store.js';
import { journeyFacts } from './journey-steps.js';

export interface CallTaskDeps {
  campaigns: CampaignStore;
  journeys: JourneyStore;
  customers: CustomerRepository;
  scores: ScoreStore;
  sends: SendLedger;
  tasks: CallTaskStore;
  notifier: ManagerNotifier;
  clock: () => Date;
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
  if (stop) return { created: false, reason: stop };
  const created = await deps.tasks.create({
    taskId: scheduleName,
    campaignId,
    customerId,
    status: 'open',
    dueAt: now.toISOString(),
    createdAt: now.toISOString(),
    context: {
      firstName: customer?.firstName ?? null,
      phone: customer?.phone ?? null,
      timeZone: customer?.timeZone ?? null,
      offer: campaign?.offer ?? null,
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
  if (created === 'created') {
    await deps.notifier.notify({ taskId: scheduleName, campaignId, dueAt: now.toISOString() });
    await deps.journeys.record(
      campaignId,
      customerId,
      { at: now.toISOString(), step: 'call-task', outcome: 'created' },
      { status: 'completed' },
    );
    await deps.customers.leaveJourney(customerId, campaignId);
  }
  return { created: created === 'created' };
}
