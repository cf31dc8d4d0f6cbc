/** A customer's outlook at the as-of day, as a transaction model sees it. */
export interface Outlook {
  pAlive: number;
  /** P(alive) `later` on, if no purchase comes. */
  pAliveLater: number;
  /** Expected purchases within each window after the as-of day. */
  expected: number[];
}

/** How far ahead a churn moment is looked for: a century, in days. */
export const CHURN_HORIZON_DAYS = 36_500;

/**
 * What scoring asks of a fitted transaction model, with every time in whole days (`TransactionModel.inDays`).
 * Whole days are what a population shares: one such view keeps the model's costly terms per day
 * and answers the churn moment to the day, the precision it is stored with.
 */
export interface DailyOutlook {
  /** P(alive) now and `laterDays` on, and the expected purchases within each window (days). */
  outlook(
    x: number,
    txDays: number,
    TDays: number,
    laterDays: number,
    windowDays: readonly number[],
  ): Outlook;
  /**
   * Whole days from the last purchase to the first day on which P(alive) is at most θ with no
   * purchase since (0 when it already is); null if that does not happen within `CHURN_HORIZON_DAYS`.
   */
  churnDelay(theta: number, x: number, txDays: number): number | null;
}
