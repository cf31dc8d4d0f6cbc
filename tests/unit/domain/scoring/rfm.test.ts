import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS, rfmCuts, rfmScore, segmentOf } from '../../../../functions/domain/scoring/rfm.js';

const cutsOf = (recency: number[], frequency: number[], monetary: number[]) =>
  rfmCuts(Float64Array.from(recency), Float64Array.from(frequency), Float64Array.from(monetary));

describe('RFM quintile scores', () => {
  const days = Array.from({ length: 100 }, (_, i) => i + 1);
  const cuts = cutsOf(days, days, days);

  it('puts a fifth of an evenly spread population in each score, 5 the best', () => {
    const count = (pick: (s: ReturnType<typeof rfmScore>) => number) => {
      const byScore = [0, 0, 0, 0, 0];
      for (const d of days) {
        const score = pick(rfmScore(cuts, d, d, d));
        byScore[score - 1] = (byScore[score - 1] as number) + 1;
      }
      return byScore;
    };
    for (const pick of [(s: { recency: number }) => s.recency, (s: { frequency: number }) => s.frequency]) {
      for (const n of count(pick as (s: ReturnType<typeof rfmScore>) => number)) {
        expect(n).toBeGreaterThanOrEqual(19);
        expect(n).toBeLessThanOrEqual(21);
      }
    }
    // Fewer days since the last purchase is better; more purchases and more spend are better.
    expect(rfmScore(cuts, 1, 100, 100)).toMatchObject({ recency: 5, frequency: 5, monetary: 5 });
    expect(rfmScore(cuts, 100, 1, 1)).toMatchObject({ recency: 1, frequency: 1, monetary: 1 });
  });

  it('never scores a more recent, more frequent or bigger customer lower', () => {
    for (let a = 0; a <= 101; a += 3)
      for (let b = a; b <= 101; b += 5) {
        expect(rfmScore(cuts, a, 1, 1).recency).toBeGreaterThanOrEqual(rfmScore(cuts, b, 1, 1).recency);
        expect(rfmScore(cuts, 1, b, 1).frequency).toBeGreaterThanOrEqual(rfmScore(cuts, 1, a, 1).frequency);
        expect(rfmScore(cuts, 1, 1, b).monetary).toBeGreaterThanOrEqual(rfmScore(cuts, 1, 1, a).monetary);
      }
  });

  it('gives every one-time buyer F = 1 when most customers bought once', () => {
    const frequency = [...Array(60).fill(1), ...Array(25).fill(2), ...Array(15).fill(5)];
    const c = cutsOf(days, frequency, days);
    expect(rfmScore(c, 10, 1, 10).frequency).toBe(1);
    expect(rfmScore(c, 10, 5, 10).frequency).toBe(5);
  });

  it('calls a shop whose customers all bought today new customers, not lost ones', () => {
    const c = cutsOf(Array(50).fill(0), Array(50).fill(1), Array(50).fill(30));
    expect(rfmScore(c, 0, 1, 30)).toMatchObject({ recency: 5, frequency: 1, segment: 'new-customers' });
    // And one who had bought before that day and stayed away since is worse on recency.
    expect(rfmScore(c, 40, 1, 30).recency).toBe(1);
  });
});

describe('RFM segments', () => {
  it('follows the documented recency × frequency grid', () => {
    const grid: Record<string, string> = {
      '5,5': 'champions',
      '5,4': 'champions',
      '4,5': 'loyal',
      '3,4': 'loyal',
      '5,2': 'potential-loyalists',
      '4,3': 'potential-loyalists',
      '5,1': 'new-customers',
      '4,1': 'promising',
      '3,3': 'need-attention',
      '3,1': 'about-to-sleep',
      '3,2': 'about-to-sleep',
      '2,3': 'at-risk',
      '1,4': 'at-risk',
      '1,5': 'cant-lose',
      '2,5': 'cant-lose',
      '2,1': 'hibernating',
      '1,2': 'hibernating',
      '1,1': 'lost',
    };
    for (const [key, segment] of Object.entries(grid)) {
      const [r, f] = key.split(',').map(Number) as [number, number];
      expect(segmentOf(r, f), key).toBe(segment);
    }
  });

  it('names every cell of the grid with a known segment, and uses every segment', () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) seen.add(segmentOf(r, f));
    expect([...seen].sort()).toEqual([...RFM_SEGMENTS].sort());
  });

  it('finds the same cut points as sorting would, with ties, runs and sorted input', () => {
    // mulberry32, so the values are the same on every run
    let seed = 3;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const shapes = [
      Float64Array.from({ length: 10_001 }, () => Math.floor(random() * 7)),
      Float64Array.from({ length: 9_999 }, () => random() * 1000),
      Float64Array.from({ length: 5_000 }, (_, i) => i),
      Float64Array.from({ length: 5_000 }, (_, i) => 5_000 - i),
      Float64Array.from({ length: 3 }, () => 2),
      Float64Array.from([4]),
    ];
    for (const values of shapes) {
      const sorted = values.slice().sort();
      const expected = [0.2, 0.4, 0.6, 0.8].map(
        (q) => sorted[Math.min(values.length - 1, Math.floor(q * values.length))],
      );
      expect(rfmCuts(values, values, values).monetary).toEqual(expected);
    }
  });
});
