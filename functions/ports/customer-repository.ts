import type { CustomerProfile } from '../domain/customer.js';
import type { CustomerPurchases } from '../domain/journey/campaign-report.js';
import type { Suppressions } from '../domain/journey/contact-decision.js';
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
  /** Channels closed by a bounce, complaint, unsubscribe or STOP reply, with the reason. */
  suppressed?: Suppressions;
  /** Campaigns whose journey for this customer is under way. */
  journeys?: string[];
}

export interface CustomerRepository {
  /** Creates or replaces profiles; never touches statistics. One outcome per profile. */
  upsertProfiles(profiles: readonly CustomerProfile[]): Promise<ProfileOutcome[]>;
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Many customers at once (absent: unknown). */
  getMany(customerIds: readonly string[]): Promise<Map<string, CustomerRecord>>;
  /** Removes personal data, keeps anonymous statistics. False when the customer does not exist. */
  erase(customerId: string): Promise<boolean>;
  /** Closes a channel for good (until the customer opts in again); keeps the first reason. */
  suppress(customerId: string, channel: keyof Suppressions, reason: string): Promise<void>;
  /** Marks the customer as in a campaign's journey, so a purchase can end it at once. */
  joinJourney(customerId: string, campaignId: string): Promise<void>;
  leaveJourney(customerId: string, campaignId: string): Promise<void>;
  /** Purchase days and spend of these customers (absent: no purchase, or unknown customer). */
  purchasesOf(customerIds: readonly string[]): Promise<Map<string, CustomerPurchases>>;
}
