/**
 * Order ids de-duplicated after the file is read, by sorting their hashes (`hashed-keys.ts`): a
 * repeated id keeps its first row.
 */
import { HashedKeys } from './hashed-keys.js';

export class OrderIdDedup {
  private readonly ids: HashedKeys;
  /** What the caller attached to each id (e.g. the row it kept, or -1). */
  private tags: Int32Array;

  /** Room for `expected` ids (of 16 bytes on average) before any table grows. */
  constructor(expected = 1 << 16) {
    this.ids = new HashedKeys(expected, 16);
    this.tags = new Int32Array(expected);
  }

  /** Notes the id `bytes[start, end)` of the next row, with the caller's tag. */
  add(bytes: Uint8Array, start: number, end: number, tag: number): void {
    this.tag(this.ids.add(bytes, start, end), tag);
  }

  /** `add` for an id given as a string of ASCII (an id the order checks admitted). */
  addString(id: string, tag: number): void {
    this.tag(this.ids.addString(id), tag);
  }

  /** Calls `repeated(tag)` for every id noted after a row with the same id, in no set order. */
  repeats(repeated: (tag: number) => void): void {
    const firstOf = this.ids.firstOfEach();
    for (let k = 0; k < firstOf.length; k++) if (firstOf[k] !== k) repeated(this.tags[k] as number);
  }

  private tag(k: number, tag: number): void {
    if (k === this.tags.length) {
      const tags = new Int32Array(k * 2);
      tags.set(this.tags);
      this.tags = tags;
    }
    this.tags[k] = tag;
  }
}
