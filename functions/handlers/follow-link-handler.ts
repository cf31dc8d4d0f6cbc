/**
 * GET /l/{sendId} (public): the tracked link of a message. The click ends the customer's
 * journeys, then the customer lands on the campaign's page (or a thank-you page without one).
 */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { htmlPage, httpHandler, pathParameter, redirect } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { followLink } from '../use-cases/public-links.js';
import { linkProblem } from './link-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.followLink, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyEnding(db, env),
    sends: new DynamoSendLedger(db, env.SENDS_TABLE),
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
  };
  return httpHandler(async (event) => {
    try {
      const { landingUrl } = await followLink(deps, pathParameter(event, 'sendId'));
      return landingUrl
        ? redirect(landingUrl)
        : htmlPage(200, 'Thank you', '<h1>Thank you</h1><p>We are glad to see you again.</p>');
    } catch (error) {
      throw linkProblem(error);
    }
  });
});
