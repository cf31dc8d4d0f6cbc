/**
 * SES events of the stage's configuration set, from EventBridge: sent, delivered, hard bounce,
 * complaint, rejected, opened, clicked, unsubscribed. Events about other senders' mail (no tags)
 * and kinds we do not count are acknowledged and dropped; a failure throws, so EventBridge retries (and the
 * rule's dead-letter queue keeps what still fails). Logs name the send id, never the address.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { readSesEvent } from '../domain/journey/delivery-feedback.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { logger } from '../shared/logger.js';
import { recordDeliveryFeedback } from '../use-cases/record-delivery-feedback.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.sesFeedback, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyEnding(db, env),
    sends: new DynamoSendLedger(db, env.SENDS_TABLE),
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    limits: env.FEEDBACK_LIMITS,
  };
  return async (event: EventBridgeEvent<string, unknown>) => {
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
});
