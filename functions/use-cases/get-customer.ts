/**
 * Read one customer as a marketer sees it: profile, purchase summary (derived from the stored
 * statistics) and latest scores. Erased customers show only their anonymous summary.
 */
import { type PurchaseSummary, summarise } from '../domain/purchase-stats.js';
import type { CustomerRecord, CustomerRepository } from '../ports/customer-repository.js';
import type { ScoreStore, StoredScores } from '../ports/scoring-store.js';

export interface CustomerView extends Omit<CustomerRecord, 'stats'> {
  status: 'active' | 'erased';
  purchases: PurchaseSummary | null;
  /** The latest scores, with their inputs, model, version and `scoredAt`; null until scored. */
  scores: Omit<StoredScores, 'customerId'> | null;
}

export async function getCustomer(
  deps: { customers: CustomerRepository; scores: Pick<ScoreStore, 'get'> },
  customerId: string,
): Promise<CustomerView | undefined> {
  const [record, stored] = await Promise.all([deps.customers.get(customerId), deps.scores.get(customerId)]);
  if (!record) return undefined;
  const { stats, ...rest } = record;
  const { customerId: _id, ...scores } = stored ?? { customerId };
  return {
    // Customers created from orders alone (CDNOW) have no profile yet: no consent until given.
    consent: { email: false, sms: false },
    ...rest,
    status: record.erasedAt ? 'erased' : 'active',
    purchases: stats ? summarise(stats) : null,
    scores: stored ? (scores as Omit<StoredScores, 'customerId'>) : null,
  };
}
