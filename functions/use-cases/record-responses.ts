/**
 * Responses end journeys at once. A purchase, a click, a reply, an unsubscribe, a complaint or
 * an SMS opt-out ends every journey the customer is in: the journey is marked ended with the
 * reason (first reason wins), its execution is stopped and a pending call schedule deleted.
 * Unsubscribes, complaints and opt-outs also close the channel for every later campaign.
 * Each part is idempotent, so a repeated or late event changes nothing.
 */
import * as z from 'zod';
import { customerIdSchema } from '../domain/customer.js';
import { type SurveyAnswer, surveyAnswerSchema } from '../domain/journey/call-outcome.js';
import { campaignIdSchema } from '../domain/journey/campaign.js';
import type { Suppressions } from '../domain/journey/contact-decision.js';
import { RESPONSE_KINDS, type ResponseKind } from '../domain/journey/responses.js';
import type { CallScheduler } from '../ports/call-scheduler.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { JourneyRuns } from '../ports/workflow-runs.js';

export { RESPONSE_KINDS, type ResponseKind };

/** A response reported through the API (`POST /v1/events`); purchases arrive as orders. */
export const responseEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    customerId: customerIdSchema,
    type: z.enum(['click', 'reply', 'unsubscribe', 'complaint', 'sms-opt-out']),
  }),
  /** A win-back survey's answer: why the customer left, kept on the campaign's journey for the report. */
  z.strictObject({
    customerId: customerIdSchema,
    type: z.literal('survey'),
    campaignId: campaignIdSchema,
    answer: surveyAnswerSchema,
  }),
]);

/** The channel a response closes for good. */
const SUPPRESSES: Partial<Record<ResponseKind, keyof Suppressions>> = {
  unsubscribe: 'email',
  complaint: 'email',
  'sms-opt-out': 'sms',
};

export interface ResponseDeps {
  customers: CustomerRepository;
  journeys: JourneyStore;
  runs: JourneyRuns;
  calls: CallScheduler;
  clock: () => Date;
}

export interface ResponseOutcome {
  customerId: string;
  /** Campaigns whose journey this response ended. */
  ended: string[];
}

export async function recordResponse(
  deps: ResponseDeps,
  response: { customerId: string; kind: ResponseKind; campaignId?: string },
  known?: { journeys: readonly string[] },
): Promise<ResponseOutcome> {
  const { customerId, kind } = response;
  const channel = SUPPRESSES[kind];
  if (channel) await deps.customers.suppress(customerId, channel, kind);
  const campaigns = known?.journeys ?? (await deps.customers.get(customerId))?.journeys ?? [];
  return { customerId, ended: await endJourneys(deps, customerId, campaigns, kind) };
}

/**
 * A survey answer: kept on the campaign's journey for the report, then a response like any other
 * (the customer's journeys end). Undefined when the customer has no journey in that campaign.
 */
export async function recordSurveyAnswer(
  deps: ResponseDeps,
  answer: { customerId: string; campaignId: string; answer: SurveyAnswer },
  /** The send whose link was answered (a survey in an email). */
  sendId?: string,
): Promise<ResponseOutcome | undefined> {
  const at = deps.clock().toISOString();
  const kept = { ...answer.answer, at, ...(sendId ? { sendId } : {}) };
  if (!(await deps.journeys.recordSurvey(answer.campaignId, answer.customerId, kept))) return undefined;
  return recordResponse(deps, {
    customerId: answer.customerId,
    kind: 'survey',
    campaignId: answer.campaignId,
  });
}

export async function endJourneys(
  deps: ResponseDeps,
  customerId: string,
  campaignIds: readonly string[],
  reason: string,
  /** Only journeys that began at or before this instant (a purchase's time). */
  enrolledBy?: string,
): Promise<string[]> {
  const at = deps.clock().toISOString();
  const ended: string[] = [];
  for (const campaignId of campaignIds) {
    const journey = await deps.journeys.end(
      campaignId,
      customerId,
      { at, step: 'exit', outcome: 'ended', reason },
      enrolledBy ? { enrolledBy } : {},
    );
    if (journey) {
      ended.push(campaignId);
      if (journey.executionName) await deps.runs.stop(journey.executionName, reason);
      if (journey.callSchedule) await deps.calls.cancel(journey.callSchedule);
    }
    // A journey that began after the purchase goes on, and stays on the customer. One this
    // request's first attempt ended (then failed before letting go) is let go now.
    if (journey || !enrolledBy || (await deps.journeys.get(campaignId, customerId))?.status !== 'active')
      await deps.customers.leaveJourney(customerId, campaignId, at);
  }
  return ended;
}
