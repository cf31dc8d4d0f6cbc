import type { CustomerProfile } from '../domain/customer.js';
import type { PreviousContact } from '../domain/journey/call-task.js';
import type { CustomerPurchases } from '../domain/journey/campaign-report.js';
import type { Suppressions } from '../domain/journey/contact-decision.js';
import type { ClaimDecision, Exclusivity, JourneyClaims } from '../domain/journey/exclusivity.js';
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
  /** The priority of the journey under way (domain/journey/exclusivity.ts). */
  journeyPriority?: number;
  /** When the customer's last journey ended (the cooldown counts from it). */
  lastJourneyEndedAt?: string;
  /** The manager who last reached the customer on a call. */
  previousContact?: PreviousContact;
}

/** What a launch reads of a customer it is about to enrol. */
export interface EnrolmentFacts {
  /** Spend so far: the report's revenue is what comes after it. */
  spend: number;
  claims: JourneyClaims;
}

/** A campaign asking for the customer's journey, under the stage's rules. */
export interface JourneyClaimRequest {
  priority: number;
  exclusivity: Exclusivity;
  now: Date;
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
  /**
   * Marks the customer as in a campaign's journey (so a purchase can end it at once), if the
   * stage's rules let the campaign have them: `free` joined; `take-over` joined in place of the
   * journeys of lower priority named (the caller ends those); `held-back` not joined. Decided with
   * conditional writes: of two campaigns racing for one customer, one wins.
   */
  claimJourney(customerId: string, campaignId: string, request: JourneyClaimRequest): Promise<ClaimDecision>;
  /**
   * The customer is no longer in the campaign's journey; if they were, the cooldown starts `at`,
   * unless another of their journeys ended later (campaigns that may overlap).
   */
  leaveJourney(customerId: string, campaignId: string, at: string): Promise<void>;
  /**
   * A manager reached the customer on a call at `contact.at`: kept unless a later contact is
   * recorded already (a retried or late outcome never replaces a newer one). Unknown customer: no-op.
   */
  notePreviousContact(customerId: string, contact: PreviousContact): Promise<void>;
  /** Spend and journey claims of these customers (absent: unknown customer). */
  enrolmentFactsOf(customerIds: readonly string[]): Promise<Map<string, EnrolmentFacts>>;
  /** Purchase days and spend of these customers (absent: no purchase, or unknown customer). */
  purchasesOf(customerIds: readonly string[]): Promise<Map<string, CustomerPurchases>>;
}
