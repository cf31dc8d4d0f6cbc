/**
 * What a manager records after a call task: whether the customer was reached, what came of it,
 * and — when they are leaving — why. The reasons feed the campaign report, so they are a closed
 * list a report can count, with a free note beside them.
 */
import * as z from 'zod';
import { hasUnsafeCharacters } from '../contact-rules.js';
import { customerIdSchema } from '../customer.js';
import { LEAVING_REASONS, REACHED_RESULTS, UNREACHED_RESULTS } from './call-results.js';

/** Managers are named by the back office's own ids, like customers. */
export const managerIdSchema = customerIdSchema;

/** A free note beside a closed-list answer: it may span lines and hold tabs, nothing else unprintable. */
const noteSchema = z
  .string()
  .trim()
  .max(1000)
  // A note may span lines and hold tabs; nothing else unprintable.
  .refine(
    (v) => !hasUnsafeCharacters(v.replace(/[\r\n\t]/g, ' ')),
    'must not contain control or bidirectional-override characters',
  );

export const callTaskAssignmentSchema = z.strictObject({
  assignee: managerIdSchema,
  /** Give the task to the customer's previous contact all the same (refused otherwise). */
  allowPreviousContact: z.boolean().optional(),
});

export const callOutcomeSchema = z
  .strictObject({
    reached: z.boolean(),
    result: z.enum([...REACHED_RESULTS, ...UNREACHED_RESULTS]),
    leavingReason: z.enum(LEAVING_REASONS).optional(),
    note: noteSchema.optional(),
    /** Who called. */
    by: managerIdSchema.optional(),
  })
  .superRefine((o, ctx) => {
    const allowed: readonly string[] = o.reached ? REACHED_RESULTS : UNREACHED_RESULTS;
    if (!allowed.includes(o.result))
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        message: `a ${o.reached ? 'reached' : 'unreached'} customer's result is one of ${allowed.join(', ')}`,
      });
    if (o.leavingReason && !['not-interested', 'left'].includes(o.result))
      ctx.addIssue({
        code: 'custom',
        path: ['leavingReason'],
        message: 'a reason for leaving goes with the results not-interested or left',
      });
  });

export type CallOutcome = z.output<typeof callOutcomeSchema>;

/** What a customer answers in a win-back survey: the same reasons a manager records. */
export const surveyAnswerSchema = z.strictObject({
  leavingReason: z.enum(LEAVING_REASONS),
  note: noteSchema.optional(),
});

export type SurveyAnswer = z.output<typeof surveyAnswerSchema>;

export const callTaskFilterSchema = z.strictObject({
  status: z.enum(['open', 'done', 'cancelled']).default('open'),
  assignee: managerIdSchema.optional(),
  /** Only tasks due at or before this instant (ISO 8601 with offset). */
  dueBefore: z.iso.datetime({ offset: true }).optional(),
});

export type CallTaskFilter = z.output<typeof callTaskFilterSchema>;
