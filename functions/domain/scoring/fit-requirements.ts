/**
 * What a transaction model needs of the data before a fit means anything. The models describe a
 * population: one customer cannot tell the spread of purchase rates across customers, and
 * without a single repeat purchase there is no purchase rate to learn at all — the likelihood
 * then runs off to a boundary (r → 0, α → ∞) and the "fit" is an artefact of where the search
 * stopped. Such data are refused with the reason, rather than scored at parameters that mean
 * nothing; saved parameters (`--params`) score them fine.
 */
export interface PopulationSummary {
  customers: number;
  /** Customers with at least one repeat purchase day (x > 0). */
  repeatBuyers: number;
}

export function unfittableReason({ customers, repeatBuyers }: PopulationSummary): string | null {
  if (customers < 2)
    return `${customers === 1 ? 'one customer' : 'no customer'} bought by then: a transaction model describes how purchase rates vary across customers and needs at least two (score at saved parameters with --params instead)`;
  if (repeatBuyers === 0)
    return `none of the ${customers} customers bought on a second day: there is no purchase rate to learn (every customer has x = 0); wait for repeat purchases, or score at saved parameters with --params`;
  return null;
}

export function populationSummary(repeatCounts: Iterable<number>): PopulationSummary {
  let customers = 0;
  let repeatBuyers = 0;
  for (const x of repeatCounts) {
    customers++;
    if (x > 0) repeatBuyers++;
  }
  return { customers, repeatBuyers };
}
