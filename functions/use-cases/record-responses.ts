/**
 * Responses end journeys at once. A purchase, a click, a reply, an unsubscribe, a complaint or
 * an SMS opt-out ends every journey the customer is in: the journey is marked ended with the
 * reason (first reason wins), its execution is stopped and a pending call schedule deleted.
 * Unsubscribes, complaints and opt-outs also close the channel for every later campaign.
 * Each part is idempotent, so a repeated or late event changes nothing.
 */
import type { Suppressions } from '../domain/journey/contact-decision.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { CallScheduler, JourneyRuns, JourneyStore } from '../ports/journey-store.js';

export const RESPONSE_KINDS = [
  'purchase',
  'click',
  'reply',
  'unsubscribe',
  'complaint',
  'sms-opt-out',
] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

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

export async function endJourneys(
  deps: ResponseDeps,
  customerId: string,
  campaignIds: readonly string[],
  reason: string,
): Promise<string[]> {
  const at = deps.clock().toISOString();
  const ended: string[] = [];
  for (const campaignId of campaignIds) {
    const journey = await deps.journeys.end(campaignId, customerId, {
      at,
      step: 'exit',
      outcome: 'ended',
      reason,
    });
    if (journey) {
      ended.push(campaignId);
      if (journey.executionName) await deps.runs.stop(journey.executionName, reason);
      if (journey.callSchedule) await deps.calls.cancel(journey.callSchedule);
    }
    await deps.customers.leaveJourney(customerId, campaignId);
  }
  return ended;
}
