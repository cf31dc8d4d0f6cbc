/**
 * Order ids de-duplicated after the file is read, by sorting their hashes: a repeated id keeps its
 * first row. Looking every id up in a hash table while reading costs a cache miss per row once the
 * table outgrows the caches (300 ns a row at 3,000,000 ids on this machine); a radix sort of the
 * hashes afterwards reads and writes memory in order and takes a tenth of that. Equal hashes are
 * confirmed byte for byte, so a collision never merges two ids.
 */
import { FNV_OFFSET, FNV_PRIME, finishHash } from './byte-key-index.js';

export class OrderIdDedup {
  private arena: Uint8Array;
  private used = 0;
  /** Id k is `arena[starts[k], starts[k + 1])`. */
  private starts: Int32Array;
  private hashes: Int32Array;
  /** What the caller attached to each id (e.g. the row it kept, or -1). */
  private tags: Int32Array;
  private count = 0;
  private scratch = new Uint8Array(256);

  /** Room for `expected` ids (of 16 bytes on average) before any table grows. */
  constructor(expected = 1 << 16) {
    this.arena = new Uint8Array(expected * 16);
    this.starts = new Int32Array(expected + 1);
    this.hashes = new Int32Array(expected);
    this.tags = new Int32Array(expected);
  }

  /** Notes the id `bytes[start, end)` of the next row, with the caller's tag. */
  add(bytes: Uint8Array, start: number, end: number, tag: number): void {
    const k = this.count++;
    if (k === this.hashes.length) {
      this.hashes = grow(this.hashes, k * 2);
      this.tags = grow(this.tags, k * 2);
      this.starts = grow(this.starts, k * 2 + 1);
    }
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      arena.set(this.arena.subarray(0, this.used));
      this.arena = arena;
    }
    const arena = this.arena;
    const at = this.used;
    // Copied and hashed in one pass (FNV-1a, finished as `hashBytes` finishes it).
    let h = FNV_OFFSET;
    for (let i = 0; i < length; i++) {
      const b = bytes[start + i] as number;
      arena[at + i] = b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    this.used += length;
    this.starts[k + 1] = this.used;
    this.hashes[k] = finishHash(h);
    this.tags[k] = tag;
  }

  /** `add` for an id given as a string of ASCII (an id the order checks admitted). */
  addString(id: string, tag: number): void {
    if (id.length > this.scratch.length) this.scratch = new Uint8Array(id.length * 2);
    for (let i = 0; i < id.length; i++) this.scratch[i] = id.charCodeAt(i);
    this.add(this.scratch, 0, id.length, tag);
  }

  /** Calls `repeated(tag)` for every id noted after a row with the same id, in no set order. */
  repeats(repeated: (tag: number) => void): void {
    const n = this.count;
    const { order, keys } = sortByHash(this.hashes, n);
    const firsts: number[] = [];
    for (let i = 0; i < n; ) {
      const hash = keys[i];
      let end = i + 1;
      while (end < n && keys[end] === hash) end++;
      if (end === i + 1) {
        i = end; // a hash met once: its id is not repeated (nearly every id)
        continue;
      }
      // Within a run of equal hashes the rows are in file order (the sort is stable): a row is a
      // repeat when a first row of the run has the same bytes. Only first rows are compared with,
      // so a file that repeats one id a million times is one pass, not a million squared.
      firsts.length = 0;
      for (let j = i; j < end; j++) {
        const k = order[j] as number;
        if (firsts.some((first) => this.sameId(first, k))) repeated(this.tags[k] as number);
        else firsts.push(k);
      }
      i = end;
    }
  }

  private sameId(a: number, b: number): boolean {
    const from = this.starts[a] as number;
    const other = this.starts[b] as number;
    const length = (this.starts[a + 1] as number) - from;
    if ((this.starts[b + 1] as number) - other !== length) return false;
    for (let i = 0; i < length; i++) if (this.arena[from + i] !== this.arena[other + i]) return false;
    return true;
  }
}

function grow(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(a);
  return next;
}

const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;

/**
 * Indices 0…n−1 ordered by their 32-bit hash, stably, with the sorted hashes: an LSD radix sort in
 * three 11-bit passes that carries each hash along with its index, so every pass reads in order.
 */
export function sortByHash(hashes: Int32Array, n: number): { order: Int32Array; keys: Uint32Array } {
  let order = new Int32Array(n);
  let nextOrder = new Int32Array(n);
  let keys = new Uint32Array(n);
  let nextKeys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    keys[i] = hashes[i] as number;
  }
  const counts = new Int32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) (counts[((keys[i] as number) >>> shift) & (BUCKETS - 1)] as number)++;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b] as number;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      const to = (counts[(key >>> shift) & (BUCKETS - 1)] as number)++;
      nextKeys[to] = key;
      nextOrder[to] = order[i] as number;
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
  }
  return { order, keys };
}
