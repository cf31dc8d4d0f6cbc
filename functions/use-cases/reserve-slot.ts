/**
 * Reserving a slot of a shared capacity ahead of time: the first free slot at or after the
 * moment asked for that is also allowed (inside the send window, inside the managers' and the
 * customer's hours). A full bucket sends the claim as many buckets ahead as it overflowed by, so a
 * burst of claims for the same moment lands in the following buckets in one or two writes each.
 */
import { bucketOf, type Capacity, slotInstant, slotKey } from '../domain/journey/pacing.js';
import type { SlotBook } from '../ports/slot-book.js';

/** Buckets are kept a day past their start (TTL), long after anyone could claim them. */
const KEEP_MS = 86_400_000;
const MAX_TRIES = 64;

export interface SlotRequest {
  /** The capacity's name: `email`, `sms#<origination>`, `calls`. */
  resource: string;
  capacity: Capacity;
  /** Units the claim takes (SMS parts; 1 otherwise). */
  amount?: number;
  from: Date;
  /** The first allowed instant at or after one; undefined when none comes (windows that never meet). */
  allowed: (at: Date) => Date | undefined;
}

/** The reserved slot, or undefined when no allowed instant exists. */
export async function reserveSlot(book: SlotBook, request: SlotRequest): Promise<Date | undefined> {
  const { capacity } = request;
  const amount = Math.min(request.amount ?? 1, capacity.perBucket);
  let at = request.allowed(request.from);
  for (let tries = 0; at && tries < MAX_TRIES; tries++) {
    const { start, floor } = bucketOf(at.getTime(), capacity);
    const taken = await book.take(slotKey(request.resource, start), amount, floor, new Date(start + KEEP_MS));
    if (taken <= capacity.perBucket) {
      const slot = new Date(slotInstant(start, taken, amount, capacity));
      const allowed = request.allowed(slot);
      if (allowed && allowed.getTime() === slot.getTime()) return slot;
      // The slot fell outside the window (it closed within the bucket): the next opening.
      at = allowed;
    } else {
      const ahead = Math.max(1, Math.floor((taken - 1) / capacity.perBucket));
      at = request.allowed(new Date(start + ahead * capacity.bucketMs));
    }
  }
  if (!at) return undefined;
  throw new Error(`no free slot of ${request.resource} found in ${MAX_TRIES} buckets`);
}
