/**
 * POST /u/{sendId} (public): RFC 8058 one-click unsubscribe, or the button of the unsubscribe
 * page. Idempotent: a second POST answers the same. The body (`List-Unsubscribe=One-Click`) is
 * not needed to act and is not read.
 */

import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { htmlPage, httpHandler, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { unsubscribeByLink } from '../use-cases/public-links.js';
import { linkProblem } from './link-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.unsubscribe, (env) => {
  const db = createDynamoClient();
  const deps = { ...journeyEnding(db, env), sends: new DynamoSendLedger(db, env.SENDS_TABLE) };
  return httpHandler(async (event) => {
    try {
      const { channel } = await unsubscribeByLink(deps, pathParameter(event, 'sendId'));
      const what = channel === 'sms' ? 'text messages' : 'emails';
      return htmlPage(
        200,
        'Unsubscribed',
        `<h1>You are unsubscribed</h1><p>You will get no more marketing ${what} from us.</p>`,
      );
    } catch (error) {
      throw linkProblem(error);
    }
  });
});
