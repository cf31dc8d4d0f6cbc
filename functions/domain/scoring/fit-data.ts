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

/** A customer's x, t_x and T in whole days, as scoring keeps them. */
export interface DayRecency {
  x: number;
  txDays: number;
  TDays: number;
}

/** Customers' x, t_x and T in days as columns: the first `length` entries. */
export interface DayRecencyColumns {
  length: number;
  x: Int32Array | Float64Array;
  txDays: Int32Array | Float64Array;
  TDays: Int32Array | Float64Array;
}

/** Whole days below 2^16 (179 years) and x below 2^21 pack into one exact double. */
const DAY_LIMIT = 65_536;
const X_LIMIT = 2_097_152;
const packable = (x: number, txDays: number, TDays: number) =>
  x >= 0 &&
  x < X_LIMIT &&
  txDays >= 0 &&
  txDays < DAY_LIMIT &&
  TDays >= 0 &&
  TDays < DAY_LIMIT &&
  Number.isInteger(x) &&
  Number.isInteger(txDays) &&
  Number.isInteger(TDays);

/**
 * The distinct (x, t_x, T) triples with their counts, in model units, sorted by (x, t_x, T) so the
 * fit (its floating-point sums) does not depend on the order customers came in: parallel scan
 * segments interleave differently on every run, and the same data must give the same parameters,
 * bit for bit, for the model's content-hash version to be stable.
 */
export function compress(observations: readonly DayRecency[], unitDays: number): FitData {
  return compressColumns(dayRecencyColumns(observations), unitDays);
}

/** Recencies as columns. */
export function dayRecencyColumns(observations: readonly DayRecency[]): DayRecencyColumns {
  return {
    length: observations.length,
    x: Float64Array.from(observations, (o) => o.x),
    txDays: Float64Array.from(observations, (o) => o.txDays),
    TDays: Float64Array.from(observations, (o) => o.TDays),
  };
}

/**
 * `compress` for whole days in columns: each triple packed into one double, the keys sorted
 * natively and counted in runs — a million customers in a tenth of a second, no object per key.
 */
export function compressColumns(columns: DayRecencyColumns, unitDays: number): FitData {
  const n = columns.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = columns.x[i] as number;
    const tx = columns.txDays[i] as number;
    const T = columns.TDays[i] as number;
    if (!packable(x, tx, T))
      return compressAny(
        Array.from({ length: n }, (_, k) => ({
          x: columns.x[k] as number,
          txDays: columns.txDays[k] as number,
          TDays: columns.TDays[k] as number,
        })),
        unitDays,
      );
    keys[i] = (x * DAY_LIMIT + tx) * DAY_LIMIT + T;
  }
  keys.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || keys[i] !== keys[i - 1]) distinct++;
  const data = {
    x: new Float64Array(distinct),
    tx: new Float64Array(distinct),
    T: new Float64Array(distinct),
    weight: new Float64Array(distinct),
    customers: n,
  };
  let j = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    if (i > 0 && key === keys[i - 1]) {
      data.weight[j] = (data.weight[j] as number) + 1;
      continue;
    }
    j++;
    const T = key % DAY_LIMIT;
    const rest = (key - T) / DAY_LIMIT;
    const tx = rest % DAY_LIMIT;
    data.x[j] = (rest - tx) / DAY_LIMIT;
    data.tx[j] = tx / unitDays;
    data.T[j] = T / unitDays;
    data.weight[j] = 1;
  }
  return data;
}

/** `compress` for any values (fractions of days, or beyond the packed range): keyed by strings. */
function compressAny(observations: readonly DayRecency[], unitDays: number): FitData {
  const index = new Map<string, number>();
  const x: number[] = [];
  const txDays: number[] = [];
  const TDays: number[] = [];
  const weight: number[] = [];
  for (const o of observations) {
    const key = `${o.x}|${o.txDays}|${o.TDays}`;
    const at = index.get(key);
    if (at !== undefined) {
      weight[at] = (weight[at] as number) + 1;
      continue;
    }
    index.set(key, x.length);
    x.push(o.x);
    txDays.push(o.txDays);
    TDays.push(o.TDays);
    weight.push(1);
  }
  const order = Array.from(x, (_, i) => i).sort(
    (a, b) =>
      (x[a] as number) - (x[b] as number) ||
      (txDays[a] as number) - (txDays[b] as number) ||
      (TDays[a] as number) - (TDays[b] as number),
  );
  return {
    x: Float64Array.from(order, (i) => x[i] as number),
    tx: Float64Array.from(order, (i) => (txDays[i] as number) / unitDays),
    T: Float64Array.from(order, (i) => (TDays[i] as number) / unitDays),
    weight: Float64Array.from(order, (i) => weight[i] as number),
    customers: observations.length,
  };
}

/** Σ weight × f(x, t_x, T) over the rows: a population's log-likelihood from a customer's. */
export function weightedSum(
  data: FitData,
  f: (x: number, tx: number, T: number, row: number) => number,
): number {
  let sum = 0;
  for (let j = 0; j < data.x.length; j++)
    sum += (data.weight[j] as number) * f(data.x[j] as number, data.tx[j] as number, data.T[j] as number, j);
  return sum;
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

/**
 * An evenly spaced sample of at most `maxCustomers` customers, taken from the sorted triples:
 * every k-th customer in (x, t_x, T) order. Deterministic, so the same data gives the same
 * sample; the cost of a likelihood evaluation follows the number of distinct triples, which the
 * sample bounds.
 */
export function sampleFitData(data: FitData, maxCustomers: number): FitData {
  if (data.customers <= maxCustomers) return data;
  const step = data.customers / maxCustomers;
  const keep: number[] = [];
  const weights: number[] = [];
  let next = step / 2;
  let seen = 0;
  for (let j = 0; j < data.x.length; j++) {
    seen += data.weight[j] as number;
    let w = 0;
    while (next < seen) {
      w++;
      next += step;
    }
    if (w > 0) {
      keep.push(j);
      weights.push(w);
    }
  }
  return {
    x: Float64Array.from(keep, (j) => data.x[j] as number),
    tx: Float64Array.from(keep, (j) => data.tx[j] as number),
    T: Float64Array.from(keep, (j) => data.T[j] as number),
    weight: Float64Array.from(weights),
    customers: weights.reduce((a, b) => a + b, 0),
  };
}
