/**
 * Byte strings kept in the order they come, each with its hash, for finding the equal ones after
 * the fact rather than by a table lookup as each comes (the order ids' de-duplication, the
 * customers' numbering): a lookup costs a cache miss once a table outgrows the caches (300 ns a
 * row at 3,000,000 ids on this machine), while a radix sort of the hashes reads and writes memory
 * in order and takes a tenth of that. Equal hashes are confirmed byte for byte, so a collision
 * never makes two keys one.
 */
import { FNV_OFFSET, FNV_PRIME, finishHash, roomFor } from './byte-key-index.js';

export class HashedKeys {
  private arena: Uint8Array;
  /** Key k is `arena[starts[k], starts[k + 1])`. */
  private starts: Int32Array;
  private hashes: Int32Array;
  private count = 0;
  private scratch = new Uint8Array(256);

  /** Room for `expected` keys of `bytesPerKey` bytes on average before anything grows. */
  constructor(expected: number, bytesPerKey: number) {
    this.arena = new Uint8Array(expected * bytesPerKey);
    this.starts = new Int32Array(expected + 1);
    this.hashes = new Int32Array(expected);
  }

  get size(): number {
    return this.count;
  }

  /** Keeps the key `bytes[start, end)`; its number. */
  add(bytes: Uint8Array, start: number, end: number): number {
    const k = this.count++;
    if (k === this.hashes.length) {
      this.hashes = grown(this.hashes, k * 2);
      this.starts = grown(this.starts, k * 2 + 1);
    }
    const at = this.starts[k] as number;
    const length = end - start;
    this.arena = roomFor(this.arena, at, length);
    const arena = this.arena;
    // Copied and hashed in one pass (FNV-1a, finished as `hashBytes` finishes it).
    let h = FNV_OFFSET;
    for (let i = 0; i < length; i++) {
      const b = bytes[start + i] as number;
      arena[at + i] = b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    this.starts[k + 1] = at + length;
    this.hashes[k] = finishHash(h);
    return k;
  }

  /** `add` for a key given as a string of ASCII (an id the order checks admitted). */
  addString(key: string): number {
    return this.add(this.ascii(key), 0, key.length);
  }

  /** The string of ASCII `key` as bytes, in a scratch array (valid until the next call). */
  ascii(key: string): Uint8Array {
    if (key.length > this.scratch.length) this.scratch = new Uint8Array(key.length * 2);
    for (let i = 0; i < key.length; i++) this.scratch[i] = key.charCodeAt(i);
    return this.scratch;
  }

  /** Whether key `k` is `bytes[start, end)`. */
  holds(k: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[k] as number;
    const length = end - start;
    if ((this.starts[k + 1] as number) - from !== length) return false;
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /** For each key, the number of the first key with the same bytes: its own when none came before. */
  firstOfEach(): Int32Array {
    const n = this.count;
    const { order, keys } = sortByHash(this.hashes, n);
    const firstOf = new Int32Array(n);
    const firsts: number[] = [];
    for (let i = 0; i < n; ) {
      let end = i + 1;
      while (end < n && keys[end] === keys[i]) end++;
      if (end === i + 1) {
        // A hash met once (nearly every key's): the key is its own first.
        firstOf[order[i] as number] = order[i] as number;
        i = end;
        continue;
      }
      // Within equal hashes the keys are in order (the sort is stable): each is compared with the
      // first key of every distinct value met so far there, so one key repeated a million times
      // is one pass, not a million squared.
      firsts.length = 0;
      for (let j = i; j < end; j++) {
        const k = order[j] as number;
        const first = firsts.find((f) => this.same(f, k));
        firstOf[k] = first ?? k;
        if (first === undefined) firsts.push(k);
      }
      i = end;
    }
    return firstOf;
  }

  /** The keys numbered `ks`, in that order: key c is `idBytes[idStarts[c], idStarts[c + 1])`. */
  copyOf(ks: number[]): { idBytes: Uint8Array; idStarts: Int32Array } {
    const idStarts = new Int32Array(ks.length + 1);
    for (let c = 0; c < ks.length; c++) {
      const k = ks[c] as number;
      idStarts[c + 1] = (idStarts[c] as number) + (this.starts[k + 1] as number) - (this.starts[k] as number);
    }
    const idBytes = new Uint8Array(idStarts[ks.length] as number);
    const arena = this.arena;
    for (let c = 0; c < ks.length; c++) {
      const k = ks[c] as number;
      // Byte by byte: a subarray per key (to copy with `set`) costs more than the copy.
      let at = idStarts[c] as number;
      for (let i = this.starts[k] as number; i < (this.starts[k + 1] as number); i++)
        idBytes[at++] = arena[i] as number;
    }
    return { idBytes, idStarts };
  }

  private same(a: number, b: number): boolean {
    const from = this.starts[a] as number;
    return this.holds(b, this.arena, from, this.starts[a + 1] as number);
  }
}

function grown(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
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
function sortByHash(hashes: Int32Array, n: number): { order: Int32Array; keys: Uint32Array } {
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
