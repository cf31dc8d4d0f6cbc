import type { ProfileOutcome } from '../ports/customer-repository.js';
import type { OrderOutcome } from '../ports/order-ledger.js';
import { HttpProblem } from '../shared/http.js';

/** Largest batch one request may carry: keeps a request well inside Lambda's time and memory. */
export const MAX_BATCH_ITEMS = 500;

/** Reads `{ <field>: [ … ] }` with 1 to MAX_BATCH_ITEMS items. */
export function batchItems(body: Record<string, unknown>, field: string): unknown[] {
  const unknown = Object.keys(body).filter((k) => k !== field);
  if (unknown.length)
    throw new HttpProblem(
      400,
      'Bad Request',
      `unknown field ${unknown.map((k) => `'${k}'`).join(', ')}; send { "${field}": [ … ] }`,
    );
  const items = body[field];
  if (!Array.isArray(items)) throw new HttpProblem(400, 'Bad Request', `send { "${field}": [ … ] }`);
  if (items.length === 0 || items.length > MAX_BATCH_ITEMS) {
    throw new HttpProblem(
      400,
      'Bad Request',
      `'${field}' must hold 1 to ${MAX_BATCH_ITEMS} items (got ${items.length})`,
    );
  }
  return items;
}

/** 422 listing every refused item by index; nothing of the batch was written. */
export function assertNoRejections(
  field: string,
  outcomes: readonly (OrderOutcome | ProfileOutcome)[],
): void {
  const errors = outcomes.flatMap((o, index) =>
    o.status === 'rejected' ? [{ pointer: `/${field}/${index}`, index, reasons: o.reasons }] : [],
  );
  if (errors.length) {
    throw new HttpProblem(
      422,
      'Unprocessable Content',
      `${errors.length} of ${outcomes.length} ${field} were refused; nothing was written. Fix them and send the batch again.`,
      { errors },
      'validation',
    );
  }
}

export function summarise(outcomes: readonly { status: string }[]) {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  return counts;
}
