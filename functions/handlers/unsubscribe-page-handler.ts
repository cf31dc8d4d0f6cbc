/**
 * GET /u/{sendId} (public): the visible unsubscribe link of a message. It only shows a button:
 * mail scanners fetch links with GET, so the unsubscribe itself is the POST the button sends
 * (the same POST a mailbox provider sends for RFC 8058 one-click unsubscribe).
 */

import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { htmlPage, httpHandler, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { resolveLink } from '../use-cases/public-links.js';
import { linkProblem } from './link-errors.js';

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.unsubscribePage, (env) => {
  const deps = { sends: new DynamoSendLedger(createDynamoClient(), env.SENDS_TABLE) };
  return httpHandler(async (event) => {
    try {
      const send = await resolveLink(deps, pathParameter(event, 'sendId'));
      const what = send.step === 'sms' ? 'text messages' : 'emails';
      return htmlPage(
        200,
        'Unsubscribe',
        `<h1>Unsubscribe</h1><p>Stop receiving marketing ${what} from us?</p><form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
      );
    } catch (error) {
      throw linkProblem(error);
    }
  });
});
