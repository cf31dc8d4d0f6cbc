/** Puts a customer in a campaign's journey for a test's set-up, whatever other journeys they are in. */
import type { CustomerRepository } from '../../functions/ports/customer-repository.js';

export async function joinJourney(
  customers: Pick<CustomerRepository, 'claimJourney'>,
  customerId: string,
  campaignId: string,
): Promise<void> {
  const claim = await customers.claimJourney(customerId, campaignId, {
    priority: 0,
    exclusivity: { oneJourneyAtATime: false, cooldownDays: 0 },
    now: new Date(),
  });
  if (claim.kind !== 'free') throw new Error(`could not join: ${JSON.stringify(claim)}`);
}
