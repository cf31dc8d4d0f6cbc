/**
 * Numbers distinct byte strings 0, 1, 2, … in the order they first appear, keyed straight from the
 * bytes of a file: an open-addressing hash table over typed arrays, the keys' bytes kept in one
 * arena. Reading an order file looks up every order id (to count a repeated one once) and every
 * customer id (to group orders); doing that on the bytes means no JavaScript string — and no
 * garbage — per row. A key becomes a string only when asked for (`key`), once per customer.
 *
 * Keys are the ASCII ids the order checks admit, so a key given as a string (`numberOfString`, the
 * general road's rows) lands on the same number as the same id read from bytes.
 */
export class ByteKeyIndex {
  private arena: Uint8Array;
  /** Key n is `arena[starts[n], starts[n + 1])`. */
  private starts: Int32Array;
  /**
   * Two numbers per slot: the key's number + 1 (0: empty) and its hash, side by side so a probe
   * reads one cache line; at most half the slots full.
   */
  private table: Int32Array;
  private mask: number;
  private count = 0;
  private scratch = new Uint8Array(256);
  /** The key looked up last: rows of one customer usually come together. */
  private last = -1;

  constructor(expected = 1024) {
    let capacity = 2048;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    const keys = Math.max(1024, expected);
    this.starts = new Int32Array(keys + 1);
    this.arena = new Uint8Array(keys * 16);
  }

  get size(): number {
    return this.count;
  }

  /** The number of the key `bytes[start, end)`: a new one (equal to `size` before) when unseen. */
  numberOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (this.last >= 0 && this.equals(this.last, bytes, start, length)) return this.last;
    const hash = hashBytes(bytes, start, end);
    const table = this.table;
    let at = hash & this.mask;
    for (let slot = table[2 * at] as number; slot !== 0; slot = table[2 * at] as number) {
      if (table[2 * at + 1] === hash && this.equals(slot - 1, bytes, start, length)) {
        this.last = slot - 1;
        return slot - 1;
      }
      at = (at + 1) & this.mask;
    }
    this.last = this.add(bytes, start, end, hash, at);
    return this.last;
  }

  /** The number of a key given as a string of ASCII (an id the order checks admitted). */
  numberOfString(key: string): number {
    if (key.length > this.scratch.length) this.scratch = new Uint8Array(key.length * 2);
    for (let i = 0; i < key.length; i++) this.scratch[i] = key.charCodeAt(i);
    return this.numberOf(this.scratch, 0, key.length);
  }

  /** The keys' bytes and where each starts (key n ends where n + 1 starts): plain data to share. */
  parts(): { idBytes: Uint8Array; idStarts: Int32Array } {
    return {
      idBytes: this.arena.subarray(0, this.starts[this.count] as number),
      idStarts: this.starts.subarray(0, this.count + 1),
    };
  }

  /** The key numbered `n`, as a string. */
  key(n: number): string {
    return latin1(this.arena, this.starts[n] as number, this.starts[n + 1] as number);
  }

  /** Copies key `k`'s bytes into `out` at `at`; the position after them. */
  writeKey(k: number, out: Uint8Array, at: number): number {
    const from = this.starts[k] as number;
    const to = this.starts[k + 1] as number;
    for (let i = from; i < to; i++) out[at + i - from] = this.arena[i] as number;
    return at + to - from;
  }

  /** The length of key `k` in bytes. */
  keyLength(k: number): number {
    return (this.starts[k + 1] as number) - (this.starts[k] as number);
  }

  /** Whether key `k` is `bytes[start, end)`. */
  holds(k: number, bytes: Uint8Array, start: number, end: number): boolean {
    return this.equals(k, bytes, start, end - start);
  }

  private equals(k: number, bytes: Uint8Array, start: number, length: number): boolean {
    const from = this.starts[k] as number;
    if ((this.starts[k + 1] as number) - from !== length) return false;
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number, at: number): number {
    const n = this.count++;
    if (n + 2 > this.starts.length) {
      const starts = new Int32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    const used = this.starts[n] as number;
    const length = end - start;
    this.arena = roomFor(this.arena, used, length);
    const arena = this.arena;
    for (let i = 0; i < length; i++) arena[used + i] = bytes[start + i] as number;
    this.starts[n + 1] = used + length;
    this.table[2 * at] = n + 1;
    this.table[2 * at + 1] = hash;
    if ((n + 1) * 2 > this.mask + 1) this.rehash();
    return n;
  }

  private rehash(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += 2) {
      const slot = old[j] as number;
      if (slot === 0) continue;
      const hash = old[j + 1] as number;
      let at = hash & mask;
      while (table[2 * at] !== 0) at = (at + 1) & mask;
      table[2 * at] = slot;
      table[2 * at + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** `arena` (its first `used` bytes kept), or a copy twice as long when `more` bytes do not fit. */
export function roomFor(arena: Uint8Array, used: number, more: number): Uint8Array {
  if (used + more <= arena.length) return arena;
  const longer = new Uint8Array(Math.max(arena.length * 2, used + more));
  longer.set(arena.subarray(0, used));
  return longer;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the bytes, with a final mix so the low bits (the slot) vary. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), FNV_PRIME);
  return finishHash(h);
}

/** The final mix of `hashBytes`, for a caller that ran the FNV steps itself. */
export function finishHash(h: number): number {
  const mixed = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return mixed ^ (mixed >>> 13);
}

/** Bytes as a string, one character per byte (the keys are ASCII). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
