/**
 * Customers numbered after the file is read, not while reading. Looking every new customer up in
 * a hash table as their first row comes costs a cache miss once the table outgrows the caches
 * (about 200 ns a customer at a million customers on this machine, and the table's doublings on
 * top). Instead each run of one customer's rows (the rows of a customer usually come together) is
 * noted with its key's bytes and hash, in file order; at the end the runs' hashes are radix-sorted,
 * reading memory in order as the order ids' de-duplication does, equal hashes are confirmed byte
 * for byte, and customers are numbered in the order they first appear — the numbers a table
 * filled while reading gives.
 */
import { FNV_OFFSET, FNV_PRIME, finishHash } from './byte-key-index.js';
import { sortByHash } from './order-id-dedup.js';

/** The customers' keys, as the histories take them: key n is `idBytes[idStarts[n], idStarts[n + 1])`. */
export interface CustomerKeys {
  readonly size: number;
  parts(): { idBytes: Uint8Array; idStarts: Int32Array };
}

export class CustomerRuns {
  private arena: Uint8Array;
  /** Run k's key is `arena[starts[k], starts[k + 1])`. */
  private starts: Int32Array;
  private hashes: Int32Array;
  private count = 0;
  private scratch = new Uint8Array(256);

  constructor(expected = 1 << 16) {
    this.arena = new Uint8Array(expected * 8);
    this.starts = new Int32Array(expected + 1);
    this.hashes = new Int32Array(expected);
  }

  /** The run of the key `bytes[start, end)`: the last run when it is that key's, else a new one. */
  runOf(bytes: Uint8Array, start: number, end: number): number {
    const n = this.count;
    const length = end - start;
    const arena = this.arena;
    if (n > 0) {
      const from = this.starts[n - 1] as number;
      if ((this.starts[n] as number) - from === length) {
        let same = true;
        for (let i = 0; same && i < length; i++) same = arena[from + i] === bytes[start + i];
        if (same) return n - 1;
      }
    }
    return this.add(bytes, start, end);
  }

  /** `runOf` for a key given as a string of ASCII (an id the order checks admitted). */
  runOfString(key: string): number {
    if (key.length > this.scratch.length) this.scratch = new Uint8Array(key.length * 2);
    for (let i = 0; i < key.length; i++) this.scratch[i] = key.charCodeAt(i);
    return this.runOf(this.scratch, 0, key.length);
  }

  /** Each run's customer, customers numbered in the order they first appear, and their keys. */
  resolve(): { customerOf: Int32Array; keys: CustomerKeys } {
    const n = this.count;
    const { order, keys } = sortByHash(this.hashes, n);
    // Each run's first run with the same key: within equal hashes the runs are in file order (the
    // sort is stable), and a run is compared with the first run of each key met so far there.
    const firstOf = new Int32Array(n);
    const firsts: number[] = [];
    for (let i = 0; i < n; ) {
      let end = i + 1;
      while (end < n && keys[end] === keys[i]) end++;
      if (end === i + 1) {
        // A hash met once (nearly every customer's): its run is its key's first.
        firstOf[order[i] as number] = order[i] as number;
        i = end;
        continue;
      }
      firsts.length = 0;
      for (let j = i; j < end; j++) {
        const run = order[j] as number;
        const first = firsts.find((f) => this.sameKey(f, run));
        firstOf[run] = first ?? run;
        if (first === undefined) firsts.push(run);
      }
      i = end;
    }
    const customerOf = new Int32Array(n);
    const firstRuns: number[] = [];
    for (let run = 0; run < n; run++) {
      const first = firstOf[run] as number;
      if (first === run) {
        customerOf[run] = firstRuns.length;
        firstRuns.push(run);
      } else customerOf[run] = customerOf[first] as number;
    }
    return { customerOf, keys: this.keysOf(firstRuns) };
  }

  /** The keys of the given runs, in that order. */
  private keysOf(runs: number[]): CustomerKeys {
    const idStarts = new Int32Array(runs.length + 1);
    for (let c = 0; c < runs.length; c++) {
      const run = runs[c] as number;
      idStarts[c + 1] =
        (idStarts[c] as number) + (this.starts[run + 1] as number) - (this.starts[run] as number);
    }
    const idBytes = new Uint8Array(idStarts[runs.length] as number);
    const arena = this.arena;
    for (let c = 0; c < runs.length; c++) {
      const run = runs[c] as number;
      // Byte by byte: a subarray per key (to copy with `set`) costs more than the copy.
      let at = idStarts[c] as number;
      for (let i = this.starts[run] as number; i < (this.starts[run + 1] as number); i++)
        idBytes[at++] = arena[i] as number;
    }
    return { size: runs.length, parts: () => ({ idBytes, idStarts }) };
  }

  private sameKey(a: number, b: number): boolean {
    const from = this.starts[a] as number;
    const other = this.starts[b] as number;
    const length = (this.starts[a + 1] as number) - from;
    if ((this.starts[b + 1] as number) - other !== length) return false;
    for (let i = 0; i < length; i++) if (this.arena[from + i] !== this.arena[other + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number): number {
    const n = this.count++;
    if (n === this.hashes.length) {
      this.hashes = grown(this.hashes, n * 2);
      this.starts = grown(this.starts, n * 2 + 1);
    }
    const used = this.starts[n] as number;
    const length = end - start;
    if (used + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, used + length));
      arena.set(this.arena.subarray(0, used));
      this.arena = arena;
    }
    const arena = this.arena;
    // Copied and hashed in one pass (FNV-1a, finished as `hashBytes` finishes it).
    let h = FNV_OFFSET;
    for (let i = 0; i < length; i++) {
      const b = bytes[start + i] as number;
      arena[used + i] = b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    this.starts[n + 1] = used + length;
    this.hashes[n] = finishHash(h);
    return n;
  }
}

function grown(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(length);
  next.set(a);
  return next;
}
