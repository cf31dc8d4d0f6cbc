/**
 * GET and POST /r/{sendId}/{reason} (public): a reason for leaving, picked in an email. The GET
 * shows the reason with a Send button (and room for the customer's own words, which "other"
 * asks for); the button's POST records the answer — mail scanners fetch links with GET and would
 * otherwise answer for the customer. The answer is kept with the send; the page thanks the
 * customer, and names the offer when the campaign answers that reason with one.
 */

import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { journeyEnding } from '../composition/journey-ending.js';
import { REASON_LABELS } from '../domain/journey/survey.js';
import { escapeHtml } from '../domain/journey/templates.js';
import { FUNCTIONS } from '../manifest/functions.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { HttpProblem, htmlPage, httpHandler, pathParameter } from '../shared/http.js';
import { lambdaFunction } from '../shared/lambda-function.js';
import { answerSurvey, surveyLink } from '../use-cases/public-links.js';
import { linkProblem } from './link-errors.js';

/** The customer's own words, as the form sends them (`note=…`, URL-encoded). */
function noteOf(body: string | null | undefined, base64: boolean | undefined): string {
  const raw = base64 ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? '');
  if (raw.length > 8_000)
    throw new HttpProblem(413, 'Content Too Large', 'the answer is longer than we keep');
  // Control characters other than line breaks and tabs are not words.
  const note = (new URLSearchParams(raw).get('note') ?? '').replace(/[^\P{Cc}\r\n\t]/gu, '').trim();
  return note.slice(0, 1000);
}

export const { handler, withEnvironment } = lambdaFunction(FUNCTIONS.surveyAnswer, (env) => {
  const db = createDynamoClient();
  const deps = {
    ...journeyEnding(db, env),
    sends: new DynamoSendLedger(db, env.SENDS_TABLE),
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
  };
  return httpHandler(async (event) => {
    try {
      const sendId = pathParameter(event, 'sendId');
      const reason = pathParameter(event, 'reason');
      // Mail scanners fetch every link of a message with GET: a GET only shows the answer to
      // confirm (and a field for the customer's own words); the POST of its button records it.
      if (event.httpMethod !== 'POST') {
        const { survey } = await surveyLink(deps, sendId, reason);
        const label = REASON_LABELS[reason as keyof typeof REASON_LABELS] ?? reason;
        const words = reason === 'other' ? 'In your own words' : 'Anything to add? (optional)';
        return htmlPage(
          200,
          'Tell us why',
          `<h1>${escapeHtml(survey.question)}</h1><form method="post"><p>Your answer: <strong>${escapeHtml(label)}</strong></p><label for="note">${words}</label><br><textarea id="note" name="note" rows="4" cols="40" maxlength="1000"></textarea><br><button type="submit">Send my answer</button></form>`,
        );
      }
      const note = noteOf(event.body, event.isBase64Encoded) || undefined;
      const { answeredWith, offer } = await answerSurvey(deps, sendId, reason, note);
      const label = REASON_LABELS[reason as keyof typeof REASON_LABELS] ?? reason;
      return htmlPage(
        200,
        'Thank you',
        `<h1>Thank you</h1><p>You told us: ${escapeHtml(label)}.</p>${
          answeredWith === 'offer' && offer
            ? `<p>We would like to make it up to you: ${escapeHtml(offer)}. Watch for our next message.</p>`
            : ''
        }`,
      );
    } catch (error) {
      throw linkProblem(error);
    }
  });
});
