/**
 * A customer's journey claim (domain/journey/exclusivity.ts) as the journey's start and the
 * launch apply it. A claim is released by the step that ends the journey; one whose release was
 * lost (the step crashed between the two writes, then found the journey ended on its retry) would
 * hold the customer back from every later campaign. So a customer held back "in another campaign"
 * has the holders' journeys read: a holder whose journey is no longer active lets go (its end
 * starts the cooldown, as the release would have).
 */
import pLimit from 'p-limit';
import {
  type ClaimDecision,
  claimDecision,
  type Exclusivity,
  type JourneyClaims,
  releasing,
} from '../domain/journey/exclusivity.js';
import type { CustomerRepository, EnrolmentFacts } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';

/** Customers whose holders' journeys a launch reads at once: the SDK client's 50 sockets. */
const HOLDER_READS_AT_ONCE = 50;

export interface Released {
  campaignId: string;
  endedAt: string;
}

/** Of the holders, those whose journey for the customer has ended, with when it ended. */
export async function endedHolders(
  journeys: Pick<JourneyStore, 'get'>,
  customerId: string,
  holders: readonly string[],
): Promise<Released[]> {
  const records = await Promise.all(holders.map((campaignId) => journeys.get(campaignId, customerId)));
  return records.flatMap((record) =>
    record && record.status !== 'active'
      ? [{ campaignId: record.campaignId, endedAt: record.timeline.at(-1)?.at ?? record.enrolledAt }]
      : [],
  );
}

/**
 * The launch's decisions for a page of selected customers (in their order), with what was read
 * of them: their claims in one batch, the holders' journeys of those held back all at once.
 */
export async function launchDecisions(
  deps: { customers: Pick<CustomerRepository, 'enrolmentFactsOf'>; journeys: Pick<JourneyStore, 'get'> },
  customerIds: readonly string[],
  campaign: { campaignId: string; priority?: number },
  exclusivity: Exclusivity,
  now: Date,
): Promise<{ facts: Map<string, EnrolmentFacts>; decisions: ClaimDecision[] }> {
  const facts = await deps.customers.enrolmentFactsOf(customerIds);
  // A page held back by another campaign reads a journey per customer: a bounded number at once.
  const reading = pLimit(HOLDER_READS_AT_ONCE);
  const decisions = await Promise.all(
    customerIds.map((customerId) =>
      reading(() =>
        launchDecision(
          deps.journeys,
          customerId,
          facts.get(customerId)?.claims ?? {},
          campaign,
          exclusivity,
          now,
        ),
      ),
    ),
  );
  return { facts, decisions };
}

/** The launch's view: the decision once holders whose journeys ended are set aside (nothing written). */
async function launchDecision(
  journeys: Pick<JourneyStore, 'get'>,
  customerId: string,
  claims: JourneyClaims,
  campaign: { campaignId: string; priority?: number },
  exclusivity: Exclusivity,
  now: Date,
): Promise<ClaimDecision> {
  const decision = claimDecision(claims, campaign, exclusivity, now);
  if (decision.kind !== 'held-back' || !decision.holders?.length) return decision;
  const ended = await endedHolders(journeys, customerId, decision.holders);
  return ended.length ? claimDecision(releasing(claims, ended), campaign, exclusivity, now) : decision;
}

/** The journey's start: claims the customer, first releasing holders whose journeys have ended. */
export async function claimCustomer(
  deps: {
    customers: Pick<CustomerRepository, 'claimJourney' | 'leaveJourney'>;
    journeys: Pick<JourneyStore, 'get'>;
  },
  customerId: string,
  campaign: { campaignId: string; priority: number },
  exclusivity: Exclusivity,
  now: Date,
): Promise<ClaimDecision> {
  const claim = () =>
    deps.customers.claimJourney(customerId, campaign.campaignId, {
      priority: campaign.priority,
      exclusivity,
      now,
    });
  const first = await claim();
  if (first.kind !== 'held-back' || !first.holders?.length) return first;
  const ended = await endedHolders(deps.journeys, customerId, first.holders);
  if (ended.length === 0) return first;
  for (const { campaignId, endedAt } of ended)
    await deps.customers.leaveJourney(customerId, campaignId, endedAt);
  return claim();
}
