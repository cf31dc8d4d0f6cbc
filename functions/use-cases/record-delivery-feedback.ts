/**
 * SES feedback on a campaign email, applied once per send and kind (EventBridge delivers at
 * least once, and out of order):
 *  - a hard bounce closes email for the address for good (`hard bounce`), so later journeys go
 *    straight to SMS;
 *  - a complaint closes all marketing — email and SMS — and ends the customer's journeys;
 *  - an unsubscribe through SES's subscription management is an unsubscribe like our own link's:
 *    email closed, journeys ended;
 *  - every kind is counted on the campaign, and a campaign whose bounce or complaint rate
 *    reaches its limit pauses itself (journeys wait; `resume` after the cause is fixed).
 */
import {
  type DeliveryFeedback,
  type FeedbackLimits,
  feedbackPauseReason,
} from '../domain/journey/delivery-feedback.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { SendLedger } from '../ports/send-ledger.js';
import { type ResponseDeps, recordResponse } from './record-responses.js';

export interface FeedbackDeps extends ResponseDeps {
  sends: Pick<SendLedger, 'findBySendId' | 'markFeedback'>;
  campaigns: Pick<CampaignStore, 'countFeedback' | 'setStatus'>;
  limits: FeedbackLimits;
}

export type FeedbackOutcome =
  | { applied: false; reason: 'unknown send' | 'repeat' }
  | { applied: true; paused?: string };

export async function recordDeliveryFeedback(
  deps: FeedbackDeps,
  feedback: DeliveryFeedback,
): Promise<FeedbackOutcome> {
  const send = await deps.sends.findBySendId(feedback.sendId);
  if (!send || send.campaignId !== feedback.campaignId) return { applied: false, reason: 'unknown send' };
  const { customerId, campaignId } = send;
  // The effects first, then the mark: each effect is idempotent, so an event retried or redriven
  // after a failure part-way applies what is missing, and only the count waits for the mark.
  if (feedback.kind === 'bounced')
    await deps.customers.suppress(customerId, 'email', feedback.detail ?? 'hard bounce');
  if (feedback.kind === 'unsubscribed')
    await recordResponse(deps, { customerId, kind: 'unsubscribe', campaignId });
  if (feedback.kind === 'complained') {
    await recordResponse(deps, { customerId, kind: 'complaint', campaignId });
    await deps.customers.suppress(customerId, 'sms', 'email complaint');
  }
  const first = await deps.sends.markFeedback(send, feedback.kind, deps.clock().toISOString());
  if (!first) return { applied: false, reason: 'repeat' };
  const stats = await deps.campaigns.countFeedback(campaignId, feedback.kind);
  const reason = feedbackPauseReason(stats, deps.limits);
  if (reason && (await deps.campaigns.setStatus(campaignId, 'paused', ['running'])))
    return { applied: true, paused: reason };
  return { applied: true };
}
