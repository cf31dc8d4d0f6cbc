/**
 * The tables as the functions see them: their names, the variable that carries each one's name,
 * and the levels of access a function may be given. The keys, indexes and settings of the tables
 * themselves are infrastructure (lib/table-definitions.ts).
 */

export const TABLE_NAMES = [
  'customers',
  'orders',
  'scores',
  'models',
  'campaigns',
  'journeys',
  'sends',
  'callTasks',
  'idempotency',
  'slots',
  'offerCodes',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/**
 * `read`: GetItem, BatchGetItem, Query; `scan`: reads plus Scan (whole-table jobs); `readUpdate`:
 * reads plus UpdateItem (never a whole item put or replaced; an update's own condition keeps it
 * from creating one); `readWrite`: reads plus item writes; `readWriteDelete`: also DeleteItem (the
 * send ledger gives back a claim the provider refused; the idempotency store expires records).
 */
export type TableAccess = 'read' | 'scan' | 'readUpdate' | 'readWrite' | 'readWriteDelete';

/** The environment variable that carries each table's name to the handlers. */
export const TABLE_VARIABLES = {
  customers: 'CUSTOMERS_TABLE',
  orders: 'ORDERS_TABLE',
  scores: 'SCORES_TABLE',
  models: 'MODELS_TABLE',
  campaigns: 'CAMPAIGNS_TABLE',
  journeys: 'JOURNEYS_TABLE',
  sends: 'SENDS_TABLE',
  callTasks: 'CALL_TASKS_TABLE',
  idempotency: 'IDEMPOTENCY_TABLE',
  slots: 'SLOTS_TABLE',
  offerCodes: 'OFFER_CODES_TABLE',
} as const satisfies Record<TableName, string>;
export type TableVariable = (typeof TABLE_VARIABLES)[TableName];

/** The secondary indexes a function may query, each on its table. */
export const INDEXES = {
  bySendId: 'sends',
  byStatus: 'callTasks',
  byCampaign: 'callTasks',
} as const satisfies Record<string, TableName>;
export type IndexName = keyof typeof INDEXES;
