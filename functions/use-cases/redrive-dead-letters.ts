/**
 * Redrive: hands each message of a dead-letter queue back to the target it failed to reach, and
 * deletes it once the target took it. A message the target refuses again stays in the queue
 * (visible again after its receive's timeout) and is reported with the target's error, so a
 * redrive never loses anything and can simply be repeated once the cause is fixed. The targets
 * are idempotent (a call task is keyed by its schedule name, SES feedback by its send, a scoring
 * run re-scores to the same result), so a message delivered twice does no harm.
 */
import type { DeadLetter, DeadLetterQueue, RedriveTarget } from '../ports/dead-letters.js';

export interface RedriveSummary {
  redriven: number;
  /** Messages the target refused (still in the queue), with its error. */
  failed: { id: string; error: string }[];
}

/** SQS receives at most 10 messages at a time. */
const BATCH = 10;

/**
 * The target's input in a message body. Scheduler's and EventBridge's dead letters and Lambda's
 * dead-letter queue hold the event itself; a Lambda on-failure destination holds a record around
 * it (`requestPayload`, with the request and response context).
 */
export function targetInput(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error('the message body is not JSON: not an event this stage sent');
  }
  if (isDestinationRecord(parsed)) return parsed.requestPayload;
  return parsed;
}

function isDestinationRecord(value: unknown): value is { requestPayload: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'requestPayload' in value &&
    'requestContext' in value &&
    'responseContext' in value
  );
}

/** Redrives up to `limit` messages, 10 at a time; stops when the queue has nothing new to give. */
export async function redriveDeadLetters(
  queue: DeadLetterQueue,
  target: RedriveTarget,
  limit: number,
): Promise<RedriveSummary> {
  const summary: RedriveSummary = { redriven: 0, failed: [] };
  const seen = new Set<string>();
  const handled = () => summary.redriven + summary.failed.length;
  while (handled() < limit) {
    const letters = (await queue.receive(Math.min(BATCH, limit - handled()))).filter((l) => !seen.has(l.id));
    // Empty, or only messages that failed in this run and became visible again: done.
    if (letters.length === 0) break;
    for (const letter of letters) seen.add(letter.id);
    await Promise.all(letters.map((letter) => redriveOne(queue, target, letter, summary)));
  }
  return summary;
}

async function redriveOne(
  queue: DeadLetterQueue,
  target: RedriveTarget,
  letter: DeadLetter,
  summary: RedriveSummary,
): Promise<void> {
  try {
    await target.deliver(targetInput(letter.body), letter);
  } catch (error) {
    summary.failed.push({ id: letter.id, error: (error as Error).message });
    return;
  }
  await queue.remove(letter);
  summary.redriven += 1;
}
