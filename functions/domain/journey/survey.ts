/**
 * Asking why they left: an email may carry one-click reasons (a link each) from the same closed
 * list managers record call outcomes in, so both feed one table in the report. "Other" opens a
 * page that asks for the customer's own words. An answer is a response; a campaign may instead
 * answer a reason with an offer (`reasonOffers`): the journey goes on and its next message
 * carries that offer.
 */
import * as z from 'zod';
import { LEAVING_REASONS } from './call-results.js';
import { escapeHtml } from './templates.js';

export type LeavingReason = (typeof LEAVING_REASONS)[number];

/** How a reason reads in the email and on the page. */
export const REASON_LABELS: Record<LeavingReason, string> = {
  price: 'The price',
  quality: 'The quality',
  delivery: 'The delivery',
  service: 'The service',
  competitor: 'I found another shop',
  'no-longer-needed': 'I no longer need it',
  moved: 'I moved',
  other: 'Something else',
};

export const surveySchema = <O extends z.ZodType>(offerSchema: O) =>
  z.strictObject({
    question: z.string().trim().min(1).max(200).default('Why did you stop shopping with us?'),
    /** The reasons offered, in this order, one link each. */
    reasons: z
      .array(z.enum(LEAVING_REASONS))
      .min(2)
      .max(LEAVING_REASONS.length)
      .superRefine((reasons, ctx) => {
        reasons.forEach((r, i) => {
          if (reasons.indexOf(r) !== i)
            ctx.addIssue({ code: 'custom', path: [i], message: `'${r}' is listed twice` });
        });
      }),
    /** A reason answered with an offer: the journey goes on, its next message carrying it. */
    reasonOffers: z.partialRecord(z.enum(LEAVING_REASONS), offerSchema).optional(),
  });

export interface Survey {
  question: string;
  reasons: LeavingReason[];
  reasonOffers?: Partial<Record<LeavingReason, { description: string }>>;
}

/** The survey's part of an email: the question and a link per reason, in HTML and in text. */
export function surveyBlock(survey: Survey, baseUrl: string, sendId: string): { html: string; text: string } {
  const link = (reason: LeavingReason) => `${baseUrl}/r/${sendId}/${reason}`;
  return {
    html: `\n<p>${escapeHtml(survey.question)}</p>\n<ul>${survey.reasons
      .map((r) => `<li><a href="${escapeHtml(link(r))}">${escapeHtml(REASON_LABELS[r])}</a></li>`)
      .join('')}</ul>`,
    text: `\n\n${survey.question}\n${survey.reasons.map((r) => `- ${REASON_LABELS[r]}: ${link(r)}`).join('\n')}`,
  };
}
