/**
 * RFM: recency, frequency and monetary quintile scores (1–5, 5 best) and the named segments of
 * the usual recency × frequency grid. Quintile cut points are computed once over the population
 * and stored with the model, so a customer scored on its own (or in a parallel scan segment)
 * gets the same scores as in a whole-population run. Ties share a score: the lower one for
 * frequency and spend (with 60 % one-time buyers, every one-time buyer gets F = 1), the better one
 * for recency (a customer who bought on the as-of day gets R = 5 however many others did too, so a
 * shop whose customers all bought today calls them new customers, not lost ones).
 *
 * | segment             | R     | F     | what it means                                  |
 * |---------------------|-------|-------|------------------------------------------------|
 * | champions           | 5     | 4–5   | bought recently and often                      |
 * | loyal               | 3–4   | 4–5   | buy often, a little less recently              |
 * | potential-loyalists | 4–5   | 2–3   | recent, with a few purchases                   |
 * | new-customers       | 5     | 1     | first purchase just now                        |
 * | promising           | 4     | 1     | recent first purchase                          |
 * | need-attention      | 3     | 3     | average on both                                |
 * | about-to-sleep      | 3     | 1–2   | fading after few purchases                     |
 * | at-risk             | 1–2   | 3–4   | used to buy fairly often, not for a while      |
 * | cant-lose           | 1–2   | 5     | the best customers once, long gone quiet       |
 * | hibernating         | 1–2   | 1–2   | few purchases, long ago (but not both lowest)  |
 * | lost                | 1     | 1     | one purchase, longest ago                      |
 */

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential-loyalists',
  'new-customers',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cant-lose',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Four ascending cut points per dimension (the 20th, 40th, 60th and 80th percentiles). */
export interface RfmCuts {
  recencyDays: number[];
  frequency: number[];
  monetary: number[];
}

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  segment: RfmSegment;
}

/**
 * The 20th, 40th, 60th and 80th percentiles: the values a sort would put at those ranks, found by
 * selection (each rank's search starts past the previous one) — a tenth of sorting a million.
 */
function quintileCuts(values: Float64Array): number[] {
  const n = values.length;
  if (n === 0) return [0, 0, 0, 0];
  const work = values.slice();
  let from = 0;
  return [0.2, 0.4, 0.6, 0.8].map((q) => {
    const rank = Math.min(n - 1, Math.floor(q * n));
    select(work, from, n - 1, rank);
    from = rank;
    return work[rank] as number;
  });
}

/**
 * Hoare's selection: rearranges `a[left..right]` so `a[k]` holds the value a sort would put there,
 * with nothing greater before it and nothing smaller after it.
 */
function select(a: Float64Array, left: number, right: number, k: number): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    // Median of three as the pivot: sorted or constant runs stay linear.
    const mid = lo + ((hi - lo) >> 1);
    const x = a[lo] as number;
    const y = a[mid] as number;
    const z = a[hi] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

export function rfmCuts(recencyDays: Float64Array, frequency: Float64Array, monetary: Float64Array): RfmCuts {
  return {
    recencyDays: quintileCuts(recencyDays),
    frequency: quintileCuts(frequency),
    monetary: quintileCuts(monetary),
  };
}

/** 1 + the number of cut points strictly below the value: ties at a cut share the lower score. */
function rank(cuts: readonly number[], value: number): number {
  let below = 1;
  for (let i = 0; i < cuts.length; i++) if ((cuts[i] as number) < value) below++;
  return below;
}

export function segmentOf(r: number, f: number): RfmSegment {
  if (r <= 2) {
    if (f === 5) return 'cant-lose';
    if (f >= 3) return 'at-risk';
    return r === 1 && f === 1 ? 'lost' : 'hibernating';
  }
  if (r === 3) {
    if (f >= 4) return 'loyal';
    return f === 3 ? 'need-attention' : 'about-to-sleep';
  }
  if (f >= 4) return r === 5 ? 'champions' : 'loyal';
  if (f >= 2) return 'potential-loyalists';
  return r === 5 ? 'new-customers' : 'promising';
}

/** The 125 possible scores, made once and shared (frozen): scoring a million customers makes no new ones. */
const SCORES: readonly Readonly<RfmScore>[] = Array.from({ length: 125 }, (_, i) => {
  const [recency, frequency, monetary] = [Math.floor(i / 25) + 1, (Math.floor(i / 5) % 5) + 1, (i % 5) + 1];
  return Object.freeze({ recency, frequency, monetary, segment: segmentOf(recency, frequency) });
});

export function rfmScore(
  cuts: RfmCuts,
  recencyDays: number,
  frequency: number,
  monetary: number,
): Readonly<RfmScore> {
  // Fewer days since the last purchase is better: 1 + the number of cut points at or above the
  // value (ties at a cut share the better score).
  const recencyCuts = cuts.recencyDays;
  let recency = 1;
  for (let i = 0; i < recencyCuts.length; i++) if ((recencyCuts[i] as number) >= recencyDays) recency++;
  const f = rank(cuts.frequency, frequency);
  const m = rank(cuts.monetary, monetary);
  return SCORES[(recency - 1) * 25 + (f - 1) * 5 + (m - 1)] as Readonly<RfmScore>;
}
