/**
 * SES events of the stage's configuration set, from EventBridge: sent, delivered, hard bounce,
 * complaint, rejected, opened, clicked, unsubscribed. Events about other senders' mail (no tags)
 * and kinds we do not count are acknowledged and dropped; a failure throws, so EventBridge retries (and the
 * rule's dead-letter queue keeps what still fails). Logs name the send id, never the address.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { readSesEvent } from '../domain/journey/delivery-feedback.js';
import { logger } from '../shared/observability.js';
import { recordDeliveryFeedback } from '../use-cases/record-delivery-feedback.js';
import { feedbackContext } from './composition.js';

const deps = feedbackContext();

export const handler = async (event: EventBridgeEvent<string, unknown>) => {
  const feedback = readSesEvent(event.detail);
  if (!feedback) return { applied: false, reason: 'not counted' };
  const outcome = await recordDeliveryFeedback(deps, feedback);
  if (outcome.applied && outcome.paused)
    logger.error('campaign paused by its email feedback', {
      campaignId: feedback.campaignId,
      reason: outcome.paused,
    });
  else logger.info('email feedback', { kind: feedback.kind, sendId: feedback.sendId, ...outcome });
  return outcome;
};
