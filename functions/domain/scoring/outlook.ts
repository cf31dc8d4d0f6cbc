/** A customer's outlook at the as-of day, as a transaction model sees it (see `TransactionModel.outlook`). */
export interface Outlook {
  pAlive: number;
  /** P(alive) `later` time units on, if no purchase comes. */
  pAliveLater: number;
  /** Expected purchases within each window after the as-of day. */
  expected: number[];
}
