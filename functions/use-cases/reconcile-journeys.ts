/**
 * The reconciler a campaign's completion check runs: a journey record left `active` with no
 * execution behind it — a launch that died between writing the enrolment and starting it, an
 * execution stopped by hand, one whose failure could not be recorded — would keep its campaign
 * from ever completing and its customer from ever being enrolled again. The check looks at the
 * records that should have moved on by now, asks Step Functions about their executions, and
 * ends those whose execution is gone, with the reason.
 *
 * Only overdue records are described (DescribeExecution is a throttled API: asking about a
 * million waiting journeys every six hours would take longer than the six hours).
 */
import type { JourneyRecord } from '../domain/journey/journey.js';
import { executionName } from '../domain/journey/journey-rules.js';
import type { RunStatus } from '../ports/workflow-runs.js';
import { endJourneys, type ResponseDeps } from './record-responses.js';

/** How long after the launch was recorded a started journey must have taken its first step. */
const FIRST_STEP_GRACE_MS = 15 * 60_000;
/** How long past its planned moment a journey must have woken. */
const WAKE_GRACE_MS = 86_400_000;

/** Whether the record should have moved on by now (and its execution deserves a look). */
export function isOverdue(journey: JourneyRecord, now: Date, launchedAt: string | undefined): boolean {
  if (journey.status !== 'active' || journey.callSchedule) return false;
  const last = journey.timeline.at(-1);
  // Only the launch's enrolment: the first step never ran, though the launch is long over.
  if (journey.timeline.length <= 1)
    return (
      launchedAt !== undefined &&
      now.getTime() - Date.parse(launchedAt) > FIRST_STEP_GRACE_MS &&
      now.getTime() - Date.parse(journey.enrolledAt) > FIRST_STEP_GRACE_MS
    );
  // Planned, and the planned moment is long past with nothing since.
  const due = last?.step === 'start' ? /^email due (\S+)$/.exec(last.outcome)?.[1] : undefined;
  return due !== undefined && now.getTime() - Date.parse(due) > WAKE_GRACE_MS;
}

/** Why a journey is ended: what became of its execution. */
const reasonOf = (status: RunStatus) =>
  status === 'NOT_FOUND' ? 'execution never started' : `execution ${status.toLowerCase().replace('_', ' ')}`;

/** Ends the campaign's active records whose execution is gone; how many it ended. */
export async function reconcileJourneys(
  deps: ResponseDeps,
  campaign: { campaignId: string; launchedAt?: string },
  budgetMs: number,
): Promise<number> {
  const deadline = performance.now() + budgetMs;
  const now = deps.clock();
  let ended = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.journeys.activePage(campaign.campaignId, cursor, { waitingForStep: true });
    for (const journey of page.items) {
      if (!isOverdue(journey, now, campaign.launchedAt)) continue;
      const status = await deps.runs.status(
        journey.executionName ?? executionName(campaign.campaignId, journey.customerId),
      );
      if (status === 'RUNNING' || status === 'PENDING_REDRIVE') continue;
      const done = await endJourneys(deps, journey.customerId, [campaign.campaignId], reasonOf(status));
      ended += done.length;
    }
    cursor = page.cursor;
  } while (cursor && performance.now() < deadline);
  return ended;
}
