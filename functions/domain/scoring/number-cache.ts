/** Entries before a cache starts over, to bound memory on very diverse populations. */
const ENTRY_LIMIT = 2_000_000;

/**
 * Numbers cached per integer key (the scorer's per (x, t_x, T), Pareto/NBD's per (x, day)),
 * `width` of them per entry, in one growing Float64Array found through an open-addressing table
 * over typed arrays. A population has hundreds of thousands of distinct keys: an object per
 * entry is what the garbage collector then spends its time copying (a third of the scoring time
 * once), and a `Map` lookup, one per customer scored, cost twice what a probe of this table does.
 */
export class NumberCache {
  /** The cached numbers; an entry's start is what `find` or `add` return. */
  numbers: Float64Array;
  /** Per slot: the key, and the entry's number + 1 (0: empty). At most half full. */
  private keys: Float64Array;
  private entries: Int32Array;
  private shift: number;
  private count = 0;

  constructor(private readonly width: number) {
    // Small at first: a view made for one customer (a campaign's churn moment) costs next to
    // nothing, and a population's grows by doubling.
    this.numbers = new Float64Array(width * 32);
    this.keys = new Float64Array(64);
    this.entries = new Int32Array(64);
    this.shift = 32 - 6;
  }

  /** Where the key's numbers start in `numbers`, or -1. */
  find(key: number): number {
    const mask = this.entries.length - 1;
    for (let at = this.slotOf(key); ; at = (at + 1) & mask) {
      const entry = this.entries[at] as number;
      if (entry === 0) return -1;
      if (this.keys[at] === key) return (entry - 1) * this.width;
    }
  }

  /** Room for a key not yet in the cache (the caller fills the numbers); where they start. */
  add(key: number): number {
    if (this.count >= ENTRY_LIMIT) this.clear();
    if ((this.count + 1) * 2 > this.entries.length) this.grow();
    const start = this.count * this.width;
    if (start + this.width > this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.count++;
    this.place(key, this.count);
    return start;
  }

  /** Fibonacci hashing of the key's two 32-bit halves: the slot comes from the top bits. */
  private slotOf(key: number): number {
    const high = (key / 4_294_967_296) | 0;
    return Math.imul((key | 0) ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> this.shift;
  }

  private place(key: number, entry: number): void {
    const mask = this.entries.length - 1;
    let at = this.slotOf(key);
    while (this.entries[at] !== 0) at = (at + 1) & mask;
    this.keys[at] = key;
    this.entries[at] = entry;
  }

  private grow(): void {
    const { keys, entries } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.entries = new Int32Array(entries.length * 2);
    this.shift--;
    for (let at = 0; at < entries.length; at++)
      if (entries[at] !== 0) this.place(keys[at] as number, entries[at] as number);
  }

  private clear(): void {
    this.entries.fill(0);
    this.count = 0;
  }
}
