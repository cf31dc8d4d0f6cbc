/**
 * The DynamoDB tables, keys and indexes in one place: the CDK data stack and the local runtime
 * both build their tables from these definitions, and an infrastructure test checks the
 * synthesized template against them, so local and AWS can never drift apart.
 * Access patterns behind each key are in docs/data-model.md.
 */

export type KeyType = 'S' | 'N';

export interface KeyDefinition {
  name: string;
  type: KeyType;
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
}

export interface TableDefinition {
  partitionKey: KeyDefinition;
  sortKey?: KeyDefinition;
  globalIndexes: IndexDefinition[];
  /** Epoch-seconds attribute after which DynamoDB deletes the item. */
  timeToLiveAttribute?: string;
}

import type { TableName } from '../functions/manifest/tables.js';

export type { TableName };

export const TABLES: Record<TableName, TableDefinition> = {
  /** One item per customer: profile, consent, statistics, scores, ledger bookkeeping. */
  customers: {
    partitionKey: { name: 'customerId', type: 'S' },
    globalIndexes: [],
  },
  /**
   * One item per order id (append-only). No index yet: nothing reads orders by customer (the
   * statistics live on the customer); a `byCustomer` index arrives with the first feature that does.
   */
  orders: {
    partitionKey: { name: 'orderId', type: 'S' },
    globalIndexes: [],
  },
  /**
   * The latest scores of each customer, one item per customer id, beside the customer rather than
   * inside it: scoring writes them with BatchWriteItem (25 per request, no read-modify-write of
   * the customer item, no contention with the order ledger), and audience selection scans these
   * small items instead of whole profiles.
   */
  scores: {
    partitionKey: { name: 'customerId', type: 'S' },
    globalIndexes: [],
  },
  /**
   * Fitted scoring models, one immutable item per version (a content hash), and the `current`
   * item naming the version whose scores are complete.
   */
  models: {
    partitionKey: { name: 'version', type: 'S' },
    globalIndexes: [],
  },
  /** One item per campaign: settings, templates, status. */
  campaigns: {
    partitionKey: { name: 'campaignId', type: 'S' },
    globalIndexes: [],
  },
  /**
   * One item per (campaign, customer): enrolment, status, timeline, exit reason. A campaign's
   * journeys are one partition (report, cancel); a customer's active ones are listed on the
   * customer item, which the order ledger reads anyway — a purchase finds them for free.
   */
  journeys: {
    partitionKey: { name: 'campaignId', type: 'S' },
    sortKey: { name: 'customerId', type: 'S' },
    globalIndexes: [],
  },
  /**
   * The send ledger, one item per (customer, campaign#step), claimed with a conditional write
   * before a provider is called. Keyed by customer first: the frequency cap counts a customer's
   * messages across campaigns with one Query.
   */
  sends: {
    partitionKey: { name: 'customerId', type: 'S' },
    sortKey: { name: 'sendKey', type: 'S' },
    globalIndexes: [{ indexName: 'bySendId', partitionKey: { name: 'sendId', type: 'S' } }],
  },
  /** Manager call tasks, one per journey (the schedule name); open ones by due time. */
  callTasks: {
    partitionKey: { name: 'taskId', type: 'S' },
    globalIndexes: [
      {
        indexName: 'byStatus',
        partitionKey: { name: 'status', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
      },
      // A campaign's own tasks, for its report: never every campaign's tasks ever made.
      {
        indexName: 'byCampaign',
        partitionKey: { name: 'campaignId', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
      },
    ],
  },
  /**
   * Answers to POST requests sent with an `Idempotency-Key`, kept 24 hours (Powertools
   * idempotency's layout: `id`, `status`, `data`, `validation`, `expiration`).
   */
  idempotency: {
    partitionKey: { name: 'id', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
  /**
   * The shared capacities' calendars, one item per (resource, bucket): how many units of a send
   * channel's minute or of the managers' hour are taken (`taken`, moved by conditional updates).
   * Expire a day after their bucket.
   */
  slots: {
    partitionKey: { name: 'slotKey', type: 'S' },
    globalIndexes: [],
    timeToLiveAttribute: 'expiresAt',
  },
  /**
   * Personal offer codes, one key space: `pool#<id>` (an uploaded pool's header and claim
   * counter), `pool#<id>#<n>` (its n-th code), `code#<CODE>` (a code given to a journey: what an
   * order's promo code is attributed by).
   */
  offerCodes: {
    partitionKey: { name: 'codeKey', type: 'S' },
    globalIndexes: [],
  },
};
export { TABLE_NAMES } from '../functions/manifest/tables.js';
