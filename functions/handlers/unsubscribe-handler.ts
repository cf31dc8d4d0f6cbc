/**
 * POST /u/{sendId} (public): RFC 8058 one-click unsubscribe, or the button of the unsubscribe
 * page. Idempotent: a second POST answers the same. The body (`List-Unsubscribe=One-Click`) is
 * not needed to act and is not read.
 */
import { htmlPage, httpHandler, pathParameter } from '../shared/http.js';
import { unsubscribeByLink } from '../use-cases/public-links.js';
import { linkContext } from './composition.js';
import { linkProblem } from './link-errors.js';

const deps = linkContext();

export const handler = httpHandler(async (event) => {
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
