/**
 * A journey step that failed past every retry (the state machine's Catch): the journey ends
 * `failed` with the error as its exit reason, so it is never left `active` with no execution
 * behind it; the customer is free for another journey; a pending call schedule is deleted. The
 * execution then fails, and the failed-journeys alarm tells operators. A journey that ended
 * meanwhile (a response) keeps its own reason.
 */
import { failureReason, type StepFailure } from '../domain/step-failure.js';
import type { CallScheduler } from '../ports/call-scheduler.js';
import type { CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';

export interface JourneyFailureDeps {
  journeys: Pick<JourneyStore, 'end' | 'get'>;
  customers: Pick<CustomerRepository, 'leaveJourney'>;
  calls: Pick<CallScheduler, 'cancel'>;
  clock: () => Date;
}

export async function recordJourneyFailure(
  deps: JourneyFailureDeps,
  input: { campaignId: string; customerId: string; failure: StepFailure },
): Promise<{ failed: boolean; reason: string }> {
  const { campaignId, customerId } = input;
  const reason = failureReason(input.failure);
  const at = deps.clock().toISOString();
  const ended = await deps.journeys.end(
    campaignId,
    customerId,
    { at, step: 'exit', outcome: 'failed', reason },
    { status: 'failed' },
  );
  // A retry after the journey was ended here finds it `failed` already: the clean-up is repeated
  // (both steps are idempotent), so a failure between them is never left half done.
  const failed = ended ?? (await deps.journeys.get(campaignId, customerId));
  if (failed?.status !== 'failed') return { failed: false, reason };
  if (failed.callSchedule) await deps.calls.cancel(failed.callSchedule);
  await deps.customers.leaveJourney(customerId, campaignId, at);
  return { failed: true, reason };
}
