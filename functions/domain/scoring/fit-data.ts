/**
 * The inputs of the customer-base models: per customer x (repeat purchase days), t_x (time of the
 * last purchase since the first) and T (time from the first purchase to the as-of date), in one
 * time unit. Fitting works on the distinct (x, t_x, T) triples with a count each: a million
 * customers measured in days collapse to far fewer rows, which is what makes the fits fast.
 */

export interface Recency {
  x: number;
  tx: number;
  T: number;
}

export interface FitData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Number of customers (the sum of the weights). */
  customers: number;
}

export function compress(observations: Iterable<Recency>): FitData {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  let customers = 0;
  for (const o of observations) {
    customers++;
    const key = `${o.x}|${o.tx}|${o.T}`;
    const at = index.get(key);
    if (at !== undefined) {
      weight[at] = (weight[at] as number) + 1;
      continue;
    }
    index.set(key, x.length);
    x.push(o.x);
    tx.push(o.tx);
    T.push(o.T);
    weight.push(1);
  }
  return {
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
    customers,
  };
}

/** Per-x values (lnΓ and ψ terms) computed once per distinct purchase count per evaluation. */
export function distinctCounts(data: FitData): { counts: number[]; slot: Int32Array } {
  const counts = [...new Set(data.x)].sort((a, b) => a - b);
  const position = new Map(counts.map((c, i) => [c, i]));
  return { counts, slot: Int32Array.from(data.x, (v) => position.get(v) as number) };
}

export function maxT(data: FitData): number {
  let m = 0;
  for (const t of data.T) if (t > m) m = t;
  return m;
}
