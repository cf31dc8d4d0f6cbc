/**
 * What a state machine's Catch hands on when a task failed past its retries, and the one line
 * kept of it on the journey or campaign it stopped — never a stack trace.
 */

/** Step Functions' error name and cause, as a Catch puts them in the state. */
export interface StepFailure {
  Error: string;
  Cause?: string;
}

/** Longest reason kept: enough for a message. */
const MAX_REASON = 300;

/**
 * The failure as one line: the error name and its message. A Lambda error's cause is the JSON of
 * `{ errorType, errorMessage, trace }`: only the message is kept.
 */
export function failureReason(failure: StepFailure): string {
  let message = failure.Cause ?? '';
  try {
    const parsed = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // Not JSON: a Step Functions cause such as a timeout's, kept as it is.
  }
  const line = message ? `${failure.Error}: ${message.replace(/\s+/g, ' ').trim()}` : failure.Error;
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
