/**
 * Customers numbered after the file is read, not while reading. Looking every new customer up in
 * a hash table as their first row comes costs a cache miss once the table outgrows the caches
 * (about 200 ns a customer at a million customers on this machine, and the table's doublings on
 * top). Instead each run of one customer's rows (the rows of a customer usually come together) is
 * kept with its id's bytes and hash, in file order (`hashed-keys.ts`); at the end the runs of one
 * id are found by sorting the hashes, and customers are numbered in the order they first appear —
 * the numbers a table filled while reading gives.
 */
import { HashedKeys } from './hashed-keys.js';

/** The customers' keys, as the histories take them: key n is `idBytes[idStarts[n], idStarts[n + 1])`. */
export interface CustomerKeys {
  readonly size: number;
  parts(): { idBytes: Uint8Array; idStarts: Int32Array };
}

export class CustomerRuns {
  /** Run k's customer id. */
  private readonly runs: HashedKeys;

  constructor(expected = 1 << 16) {
    this.runs = new HashedKeys(expected, 8);
  }

  /** The run of the key `bytes[start, end)`: the last run when it is that key's, else a new one. */
  runOf(bytes: Uint8Array, start: number, end: number): number {
    const last = this.runs.size - 1;
    if (last >= 0 && this.runs.holds(last, bytes, start, end)) return last;
    return this.runs.add(bytes, start, end);
  }

  /** `runOf` for a key given as a string of ASCII (an id the order checks admitted). */
  runOfString(key: string): number {
    return this.runOf(this.runs.ascii(key), 0, key.length);
  }

  /** Each run's customer, customers numbered in the order they first appear, and their keys. */
  resolve(): { customerOf: Int32Array; keys: CustomerKeys } {
    const firstOf = this.runs.firstOfEach();
    const customerOf = new Int32Array(firstOf.length);
    const firstRuns: number[] = [];
    for (let run = 0; run < firstOf.length; run++) {
      const first = firstOf[run] as number;
      if (first === run) {
        customerOf[run] = firstRuns.length;
        firstRuns.push(run);
      } else customerOf[run] = customerOf[first] as number;
    }
    const ids = this.runs.copyOf(firstRuns);
    return { customerOf, keys: { size: firstRuns.length, parts: () => ids } };
  }
}
