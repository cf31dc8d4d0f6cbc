/** The slot book in memory, with the DynamoDB adapter's rules: counts move forward to the floor, then up. */
import type { SlotBook } from '../../functions/ports/slot-book.js';

export class InMemorySlotBook implements SlotBook {
  readonly taken = new Map<string, number>();

  async take(key: string, amount: number, floor: number): Promise<number> {
    const next = Math.max(this.taken.get(key) ?? floor, floor) + amount;
    this.taken.set(key, next);
    return next;
  }
}
