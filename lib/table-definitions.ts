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

export type TableName = 'customers' | 'orders';

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
};
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
