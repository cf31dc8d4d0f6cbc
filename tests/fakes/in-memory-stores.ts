/**
 * In-memory implementations of the storage ports, for use-case tests: the same contract as the
 * DynamoDB adapters (exactly-once counting, unknown customers, all-or-nothing), none of the I/O.
 */
import type { CustomerProfile } from '../../functions/domain/customer.js';
import type { PreviousContact } from '../../functions/domain/journey/call-task.js';
import { claimDecision } from '../../functions/domain/journey/exclusivity.js';
import { type Order, sameOrder } from '../../functions/domain/order.js';
import { applyOrders, type PurchaseStats } from '../../functions/domain/purchase-stats.js';
import type {
  CustomerRecord,
  CustomerRepository,
  JourneyClaimRequest,
  ProfileOutcome,
} from '../../functions/ports/customer-repository.js';
import type {
  OrderLedger,
  OrderOutcome,
  RecordOptions,
  RecordResult,
} from '../../functions/ports/order-ledger.js';

export class InMemoryStore implements CustomerRepository, OrderLedger {
  readonly customers = new Map<string, CustomerRecord>();
  readonly orders = new Map<string, Order>();

  async upsertProfiles(profiles: readonly CustomerProfile[]): Promise<ProfileOutcome[]> {
    return profiles.map((profile) => {
      const existing = this.customers.get(profile.customerId);
      if (existing?.erasedAt) return { status: 'rejected', reasons: ['customer was erased'] };
      const { customerId, ...fields } = profile;
      const next = {
        ...existing,
        customerId,
        ...fields,
        createdAt: existing?.createdAt ?? 'now',
        updatedAt: 'now',
      };
      if (existing && JSON.stringify({ ...existing, updatedAt: 'now' }) === JSON.stringify(next))
        return { status: 'unchanged' };
      this.customers.set(customerId, next);
      return { status: existing ? 'updated' : 'created' };
    });
  }

  async get(customerId: string) {
    return this.customers.get(customerId);
  }

  async erase(customerId: string) {
    const c = this.customers.get(customerId);
    if (!c) return false;
    this.customers.set(customerId, {
      customerId,
      stats: c.stats,
      createdAt: c.createdAt,
      updatedAt: 'now',
      erasedAt: 'now',
    } as CustomerRecord);
    return true;
  }

  async suppress(customerId: string, channel: 'email' | 'sms', reason: string) {
    const c = this.customers.get(customerId);
    if (c) c.suppressed = { [channel]: reason, ...c.suppressed };
  }

  async claimJourney(customerId: string, campaignId: string, request: JourneyClaimRequest) {
    const c = this.customers.get(customerId);
    if (!c) return { kind: 'free' } as const;
    const decision = claimDecision(
      c,
      { campaignId, priority: request.priority },
      request.exclusivity,
      request.now,
    );
    if (decision.kind === 'held-back') return decision;
    const kept = decision.kind === 'take-over' ? [] : (c.journeys ?? []);
    c.journeys = [...new Set([...kept, campaignId])];
    c.journeyPriority = request.priority;
    return decision;
  }

  async leaveJourney(customerId: string, campaignId: string, at: string) {
    const c = this.customers.get(customerId);
    if (!c?.journeys?.includes(campaignId)) return;
    c.journeys = c.journeys.filter((id) => id !== campaignId);
    if (!(c.lastJourneyEndedAt && c.lastJourneyEndedAt > at)) c.lastJourneyEndedAt = at;
  }

  async notePreviousContact(customerId: string, contact: PreviousContact) {
    const c = this.customers.get(customerId);
    if (c && !(c.previousContact && c.previousContact.at >= contact.at)) c.previousContact = { ...contact };
  }

  async enrolmentFactsOf(customerIds: readonly string[]) {
    return new Map(
      customerIds.flatMap((id) => {
        const c = this.customers.get(id);
        if (!c) return [];
        const { journeys, journeyPriority, lastJourneyEndedAt } = c;
        return [
          [
            id,
            { spend: c.stats?.spend ?? 0, claims: { journeys, journeyPriority, lastJourneyEndedAt } },
          ] as const,
        ];
      }),
    );
  }

  async getMany(customerIds: readonly string[]) {
    const found = new Map<string, CustomerRecord>();
    for (const id of customerIds) {
      const record = await this.get(id);
      if (record) found.set(id, record);
    }
    return found;
  }

  async purchasesOf(customerIds: readonly string[]) {
    return new Map(
      customerIds.flatMap((id) => {
        const stats = this.customers.get(id)?.stats;
        return stats ? [[id, { purchaseDays: stats.purchaseDays, spend: stats.spend }] as const] : [];
      }),
    );
  }

  async record(orders: readonly Order[], options: RecordOptions = {}): Promise<RecordResult> {
    const seen = new Map<string, Order>();
    const outcomes: OrderOutcome[] = orders.map((o) => {
      const known = this.orders.get(o.orderId) ?? seen.get(o.orderId);
      if (known)
        return sameOrder(known, o)
          ? { status: 'unchanged' }
          : { status: 'rejected', reasons: ['different content'] };
      if (!this.customers.has(o.customerId) && !options.createMissingCustomers) {
        return { status: 'rejected', reasons: [`customer ${o.customerId} is unknown`] };
      }
      seen.set(o.orderId, o);
      return { status: 'accepted' };
    });
    if (options.allOrNothing && outcomes.some((o) => o.status === 'rejected'))
      return { outcomes, written: false };
    orders.forEach((o, i) => {
      if (outcomes[i]?.status !== 'accepted') return;
      this.orders.set(o.orderId, o);
      const c = this.customers.get(o.customerId) ?? {
        customerId: o.customerId,
        createdAt: 'now',
        updatedAt: 'now',
      };
      this.customers.set(o.customerId, { ...c, stats: applyOrders(c.stats, [o]) as PurchaseStats });
    });
    return { outcomes, written: true };
  }
}
