/**
 * The links in a message, followed by its recipient: `/l/{sendId}` (the tracked call to action)
 * and `/u/{sendId}` (unsubscribe). The send id is a random UUID (122 bits) handed out with the
 * ledger claim, so a link cannot be guessed or forged from a customer id, and it resolves to
 * exactly one send: campaign, customer, step. No personal data travels in the URL.
 *
 * - A click ends the customer's journeys like any response, then lands them on the campaign's
 *   page. Click links expire (`CLICK_LINK_DAYS`): an old email should not end a later journey.
 * - Unsubscribing is idempotent and never expires (CAN-SPAM asks for at least 30 days; a
 *   recipient who finds an old email must still be able to leave). Only a POST unsubscribes —
 *   the RFC 8058 one-click POST from the mailbox provider, or the button on the page a GET shows —
 *   because mail scanners fetch every link in a message with GET.
 */

import type { SurveyAnswer } from '../domain/journey/call-outcome.js';
import type { SendRecord } from '../domain/journey/send.js';
import type { LeavingReason, Survey } from '../domain/journey/survey.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { SendLedger } from '../ports/send-ledger.js';
import {
  type ResponseDeps,
  type ResponseKind,
  recordResponse,
  recordSurveyAnswer,
} from './record-responses.js';

export const CLICK_LINK_DAYS = 90;

const SEND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class LinkError extends Error {
  override readonly name = 'LinkError';
  constructor(
    readonly kind: 'unknown' | 'expired',
    message: string,
  ) {
    super(message);
  }
}

export interface LinkDeps extends ResponseDeps {
  sends: Pick<SendLedger, 'findBySendId'>;
}

export interface ClickDeps extends LinkDeps {
  campaigns: Pick<CampaignStore, 'get'>;
}

/** The send a link names; a malformed or unknown id is the same answer (nothing to probe). */
export async function resolveLink(deps: Pick<LinkDeps, 'sends'>, sendId: string): Promise<SendRecord> {
  const send = SEND_ID.test(sendId) ? await deps.sends.findBySendId(sendId) : undefined;
  // `sending` counts: a crash after the provider accepted leaves the claim there, message delivered.
  if (!send || send.status === 'skipped')
    throw new LinkError('unknown', 'this link is not one we sent, or it was mistyped');
  return send;
}

/** A click: the journeys end with reason `click`; the answer is where the link leads. */
export async function followLink(deps: ClickDeps, sendId: string): Promise<{ landingUrl?: string }> {
  const send = await resolveLink(deps, sendId);
  const sentAt = Date.parse(send.sentAt ?? send.claimedAt);
  if (deps.clock().getTime() - sentAt > CLICK_LINK_DAYS * 86_400_000)
    throw new LinkError('expired', `this link expired ${CLICK_LINK_DAYS} days after the message was sent`);
  await recordResponse(deps, { customerId: send.customerId, kind: 'click', campaignId: send.campaignId });
  const landingUrl = (await deps.campaigns.get(send.campaignId))?.landingUrl;
  return landingUrl ? { landingUrl } : {};
}

/** What a survey link shows: the question and the reason it names, or that the campaign has none. */
export async function surveyLink(
  deps: Pick<ClickDeps, 'sends' | 'campaigns'>,
  sendId: string,
  reason: string,
): Promise<{ survey: Survey; reason: LeavingReason; send: SendRecord }> {
  const send = await resolveLink(deps, sendId);
  const survey = (await deps.campaigns.get(send.campaignId))?.survey;
  if (!survey || !(survey.reasons as string[]).includes(reason))
    throw new LinkError('unknown', 'this answer is not one the message offered');
  return { survey, reason: reason as LeavingReason, send };
}

/**
 * A reason clicked in an email (or "other" with the customer's words): kept on the journey with
 * the send that asked, counted in the report. When the campaign answers that reason with an
 * offer, the journey goes on and its next message carries the offer; otherwise the answer is a
 * response and the customer's journeys end. Answered again, the latest answer is kept (a journey
 * whose offer an answer switched goes on with that offer).
 */
export async function answerSurvey(
  deps: ClickDeps,
  sendId: string,
  reason: string,
  note?: string,
): Promise<{ answeredWith: 'offer' | 'response'; offer?: string }> {
  const { survey, send } = await surveyLink(deps, sendId, reason);
  const sentAt = Date.parse(send.sentAt ?? send.claimedAt);
  if (deps.clock().getTime() - sentAt > CLICK_LINK_DAYS * 86_400_000)
    throw new LinkError('expired', `this link expired ${CLICK_LINK_DAYS} days after the message was sent`);
  const answer: SurveyAnswer = { leavingReason: reason as LeavingReason, ...(note ? { note } : {}) };
  const at = deps.clock().toISOString();
  const journey = await deps.journeys.get(send.campaignId, send.customerId);
  // Answered with an offer before: a later answer is kept, and the journey goes on with that offer.
  const switched = journey?.status === 'active' ? journey.offerChoice?.reason : undefined;
  if (switched) {
    await deps.journeys.recordSurvey(send.campaignId, send.customerId, { ...answer, at, sendId });
    return { answeredWith: 'offer', offer: survey.reasonOffers?.[switched]?.description };
  }
  if (survey.reasonOffers?.[reason as LeavingReason]) {
    await deps.journeys.recordSurvey(send.campaignId, send.customerId, { ...answer, at, sendId });
    const answered =
      journey &&
      (await deps.journeys.answerWithOffer(
        send.campaignId,
        send.customerId,
        { ...journey.offerChoice, reason: reason as LeavingReason },
        { at, step: send.step, outcome: 'answered', reason: `survey: ${reason}, offer switched` },
      ));
    if (answered)
      return { answeredWith: 'offer', offer: survey.reasonOffers[reason as LeavingReason]?.description };
  }
  await recordSurveyAnswer(
    deps,
    { customerId: send.customerId, campaignId: send.campaignId, answer },
    sendId,
  );
  return { answeredWith: 'response' };
}

/** An unsubscribe from the link of an email (email closed) or of an SMS (SMS closed). */
export async function unsubscribeByLink(
  deps: LinkDeps,
  sendId: string,
): Promise<{ channel: SendRecord['step'] }> {
  const send = await resolveLink(deps, sendId);
  const kind: ResponseKind = send.step === 'sms' ? 'sms-opt-out' : 'unsubscribe';
  await recordResponse(deps, { customerId: send.customerId, kind, campaignId: send.campaignId });
  return { channel: send.step };
}
