/**
 * A population read once per run: the scan that fits the model keeps its pages, and the scoring
 * of the same run replays them instead of scanning the table a second time. For
 * `scoreAllCustomers` — fit and scoring in one process (`reactivate score --local`, the demo);
 * the state machine's Lambdas share no memory and scan twice. The scores are then those of
 * exactly the statistics the model was fitted on; a customer who buys meanwhile keeps the older
 * ledger revision in their scores' stamp, so the next run rescores them.
 */
import type { CustomerPopulation, ScoringCandidate } from '../ports/scoring-store.js';

export class PopulationSnapshot implements CustomerPopulation {
  private readonly kept = new Map<string, (readonly ScoringCandidate[])[]>();

  constructor(private readonly source: CustomerPopulation) {}

  /** A segment read to its end is kept and replayed once by the next scan of it (then let go). */
  async *scan(segment: number, totalSegments: number): AsyncIterable<readonly ScoringCandidate[]> {
    const key = `${segment}/${totalSegments}`;
    const pages = this.kept.get(key);
    if (pages) {
      this.kept.delete(key);
      yield* pages;
      return;
    }
    const read: (readonly ScoringCandidate[])[] = [];
    for await (const page of this.source.scan(segment, totalSegments)) {
      read.push(page);
      yield page;
    }
    this.kept.set(key, read);
  }
}
