/**
 * Redemptions: an order that carries a code a journey gave out is attributed to that journey —
 * once per order, whoever placed it (a code passed on to someone else is counted as such). The
 * shop enforces single use and expiry at its checkout; this records what happened, for the report.
 */
import { OFFER_CODE_PATTERN } from '../domain/journey/offer-codes.js';
import type { Order } from '../domain/order.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { OfferCodeStore } from '../ports/offer-code-store.js';

export interface RedemptionDeps {
  codes: Pick<OfferCodeStore, 'holderOf'>;
  journeys: Pick<JourneyStore, 'recordRedemption'>;
}

/** Records each completed order's codes that journeys gave out; how many redemptions were new. */
export async function attributeRedemptions(deps: RedemptionDeps, orders: readonly Order[]): Promise<number> {
  let recorded = 0;
  for (const order of orders) {
    if (order.status !== 'completed' || !order.promoCodes) continue;
    for (const code of order.promoCodes) {
      // A code of the shop's own (a public one, or another format) was never ours to give.
      if (!OFFER_CODE_PATTERN.test(code)) continue;
      const holder = await deps.codes.holderOf(code);
      if (!holder) continue;
      const byOther = order.customerId !== holder.customerId;
      if (
        await deps.journeys.recordRedemption(holder.campaignId, holder.customerId, order.orderId, {
          at: order.orderedAt,
          discount: order.baseDiscount ?? 0,
          ...(byOther ? { byCustomerId: order.customerId } : {}),
        })
      )
        recorded++;
    }
  }
  return recorded;
}
