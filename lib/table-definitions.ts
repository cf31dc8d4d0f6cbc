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
}

export type TableName = 'customers' | 'orders' | 'scores' | 'models';

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
};
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
