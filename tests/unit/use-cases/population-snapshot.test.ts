import { describe, expect, it } from 'vitest';
import type { CustomerPopulation, ScoringCandidate } from '../../../functions/ports/scoring-store.js';
import { PopulationSnapshot } from '../../../functions/use-cases/population-snapshot.js';

/** A population of two pages per segment that counts how often each segment is read. */
function countingPopulation() {
  const reads = new Map<string, number>();
  const candidate = (customerId: string): ScoringCandidate => ({
    customerId,
    statsRev: 1,
    history: { purchaseDays: [20_000], spend: 10, firstDaySpend: 10 },
  });
  const population: CustomerPopulation = {
    async *scan(segment, total) {
      const key = `${segment}/${total}`;
      reads.set(key, (reads.get(key) ?? 0) + 1);
      yield [candidate(`${key}-a`)];
      yield [candidate(`${key}-b`)];
    },
  };
  return { population, reads };
}

async function ids(pages: AsyncIterable<readonly ScoringCandidate[]>, stopAfter = Number.POSITIVE_INFINITY) {
  const out: string[] = [];
  for await (const page of pages) {
    out.push(...page.map((c) => c.customerId));
    if (out.length >= stopAfter) break;
  }
  return out;
}

describe('PopulationSnapshot', () => {
  it('replays a segment read to its end once, then reads it again', async () => {
    const { population, reads } = countingPopulation();
    const snapshot = new PopulationSnapshot(population);

    const first = await ids(snapshot.scan(0, 2));
    const replayed = await ids(snapshot.scan(0, 2));
    const third = await ids(snapshot.scan(0, 2));

    expect(replayed).toEqual(first);
    expect(third).toEqual(first);
    expect(reads.get('0/2')).toBe(2);
  });

  it('keeps segments apart and never replays a scan stopped half-way', async () => {
    const { population, reads } = countingPopulation();
    const snapshot = new PopulationSnapshot(population);

    expect(await ids(snapshot.scan(0, 2), 1)).toEqual(['0/2-a']);
    expect(await ids(snapshot.scan(0, 2))).toEqual(['0/2-a', '0/2-b']);
    expect(await ids(snapshot.scan(1, 2))).toEqual(['1/2-a', '1/2-b']);

    expect(reads.get('0/2')).toBe(2);
    expect(reads.get('1/2')).toBe(1);
  });
});
