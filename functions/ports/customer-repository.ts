import type { CustomerProfile } from '../domain/customer.js';
import type { PurchaseStats } from '../domain/purchase-stats.js';

export type ProfileOutcome =
  | { status: 'created' | 'updated' | 'unchanged' }
  | { status: 'rejected'; reasons: string[] };

/** A stored customer: profile (absent fields after erasure), statistics and bookkeeping. */
export interface CustomerRecord extends Partial<Omit<CustomerProfile, 'customerId'>> {
  customerId: string;
  stats?: PurchaseStats;
  createdAt: string;
  updatedAt: string;
  erasedAt?: string;
}

export interface CustomerRepository {
  /** Creates or replaces profiles; never touches statistics. One outcome per profile. */
  upsertProfiles(profiles: readonly CustomerProfile[]): Promise<ProfileOutcome[]>;
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Removes personal data, keeps anonymous statistics. False when the customer does not exist. */
  erase(customerId: string): Promise<boolean>;
}
