/**
 * Read one customer as a marketer sees it: profile, purchase summary (derived from the stored
 * statistics) and latest scores. Erased customers show only their anonymous summary.
 */
import { type PurchaseSummary, summarise } from '../domain/purchase-stats.js';
import type { CustomerRecord, CustomerRepository } from '../ports/customer-repository.js';

export interface CustomerView extends Omit<CustomerRecord, 'stats' | 'scores'> {
  status: 'active' | 'erased';
  purchases: PurchaseSummary | null;
  scores: Record<string, unknown> | null;
}

export async function getCustomer(
  deps: { customers: CustomerRepository },
  customerId: string,
): Promise<CustomerView | undefined> {
  const record = await deps.customers.get(customerId);
  if (!record) return undefined;
  const { stats, scores, ...rest } = record;
  return {
    // Customers created from orders alone (CDNOW) have no profile yet: no consent until given.
    consent: { email: false, sms: false },
    ...rest,
    status: record.erasedAt ? 'erased' : 'active',
    purchases: stats ? summarise(stats) : null,
    scores: scores ?? null,
  };
}
