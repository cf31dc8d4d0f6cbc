/**
 * GET /l/{sendId} (public): the tracked link of a message. The click ends the customer's
 * journeys, then the customer lands on the campaign's page (or a thank-you page without one).
 */
import { htmlPage, httpHandler, pathParameter, redirect } from '../shared/http.js';
import { followLink } from '../use-cases/public-links.js';
import { clickContext } from './composition.js';
import { linkProblem } from './link-errors.js';

const deps = clickContext();

export const handler = httpHandler(async (event) => {
  try {
    const { landingUrl } = await followLink(deps, pathParameter(event, 'sendId'));
    return landingUrl
      ? redirect(landingUrl)
      : htmlPage(200, 'Thank you', '<h1>Thank you</h1><p>We are glad to see you again.</p>');
  } catch (error) {
    throw linkProblem(error);
  }
});
