import type { Order } from '../domain/order.js';

export type OrderOutcome = { status: 'accepted' | 'unchanged' } | { status: 'rejected'; reasons: string[] };

export interface RecordOptions {
  /** Create an empty customer for an unknown customer id (CDNOW has no customer file). */
  createMissingCustomers?: boolean;
  /** Write nothing when any order is rejected (the API's contract); the import lands the good rows. */
  allOrNothing?: boolean;
}

export interface RecordResult {
  outcomes: OrderOutcome[];
  /** False when `allOrNothing` found a rejection and nothing was written. */
  written: boolean;
  /** Customers with a new completed order who are in journeys, with those journeys' campaigns. */
  buyersInJourneys?: Map<string, string[]>;
}

/**
 * The append-only order store. Recording an order and counting it in its customer's statistics
 * happen exactly once per order id, across retries, crashes and concurrent writers.
 */
export interface OrderLedger {
  record(orders: readonly Order[], options?: RecordOptions): Promise<RecordResult>;
}
