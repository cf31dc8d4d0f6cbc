/**
 * Record orders: validate each, normalise time and currency, hand the valid ones to the ledger,
 * which stores them and counts them in their customers' statistics exactly once.
 * Alternate courses: invalid orders are refused with every reason; orders of unknown customers
 * are refused (import customers first) unless `createMissingCustomers` (CDNOW has no customers);
 * with `allOrNothing` (the API) any refusal means nothing is stored.
 */
import { normaliseOrder, type Order, type OrderCheck, orderInputSchema } from '../domain/order.js';
import { validate } from '../domain/validation.js';
import type { OrderLedger, OrderOutcome, RecordOptions } from '../ports/order-ledger.js';
import { attributeRedemptions, type RedemptionDeps } from './attribute-redemptions.js';
import type { IngestSettings } from './ingest-settings.js';
import { endJourneys, type ResponseDeps } from './record-responses.js';

export interface RecordOrdersDeps {
  ledger: OrderLedger;
  settings: Pick<IngestSettings, 'currency' | 'clock'>;
  /** A purchase is a response: buyers' journeys end at once. Absent where no journeys run. */
  responses?: ResponseDeps;
  /** Orders carrying a journey's offer code are attributed to it. Absent where no journeys run. */
  redemptions?: RedemptionDeps;
}

/** Validates one order record against the schema, the clock and the currencies. */
export function checkOrder(
  record: unknown,
  settings: RecordOrdersDeps['settings'],
  now = settings.clock(),
): OrderCheck {
  const parsed = validate(orderInputSchema, record);
  return parsed.ok ? normaliseOrder(parsed.value, settings.currency, now) : parsed;
}

export async function recordOrders(
  deps: RecordOrdersDeps,
  records: readonly unknown[],
  options: RecordOptions = {},
): Promise<{ outcomes: OrderOutcome[]; written: boolean }> {
  const now = deps.settings.clock();
  const outcomes: OrderOutcome[] = [];
  const valid: { i: number; order: Order }[] = [];
  records.forEach((record, i) => {
    const checked = checkOrder(record, deps.settings, now);
    if (checked.ok) {
      valid.push({ i, order: checked.order });
      outcomes[i] = { status: 'accepted' };
    } else {
      outcomes[i] = { status: 'rejected', reasons: checked.reasons };
    }
  });
  const anyRejected = valid.length < records.length;
  if (options.allOrNothing && anyRejected) return { outcomes, written: false };
  if (valid.length === 0) return { outcomes, written: !anyRejected };
  const result = await deps.ledger.record(
    valid.map((v) => v.order),
    options,
  );
  valid.forEach(({ i }, k) => {
    outcomes[i] = result.outcomes[k] ?? { status: 'unchanged' };
  });
  // Every stored order with codes, re-sent ones too: attribution is once per order, and a retry
  // after a crash between the ledger and here completes it.
  if (deps.redemptions && result.written)
    await attributeRedemptions(
      deps.redemptions,
      valid.filter(({ i }) => outcomes[i]?.status !== 'rejected').map((v) => v.order),
    );
  const responses = deps.responses;
  if (responses && result.buyersInJourneys) {
    // A journey ends on a purchase made at or after its start; an import of old orders ends nothing.
    const latest = new Map<string, string>();
    for (const { order } of valid) {
      if (order.status !== 'completed') continue;
      const at = new Date(order.orderedAt).toISOString();
      if (at > (latest.get(order.customerId) ?? '')) latest.set(order.customerId, at);
    }
    for (const [customerId, campaigns] of result.buyersInJourneys)
      await endJourneys(responses, customerId, campaigns, 'purchase', latest.get(customerId));
  }
  return { outcomes, written: result.written };
}
