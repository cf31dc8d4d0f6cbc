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

/** What an outlook looks ahead to, in days: P(alive) `laterDays` on, expected purchases per window. */
export interface OutlookQuestion {
  laterDays: number;
  windowDays: readonly number[];
}

/** What the scorer asks: P(alive) in 90 days, expected purchases in 90 and in 365 days. */
export const SCORING_QUESTION: OutlookQuestion = { laterDays: 90, windowDays: [90, 365] };

/**
 * What scoring asks of a fitted transaction model (`TransactionModel.inDays`), with every time in
 * whole days: they are what a population shares, so one such view keeps the model's costly terms
 * per day, and it answers the churn moment to the day, the precision it is stored with.
 */
export interface DailyOutlook {
  /** P(alive) now and the question's `laterDays` on, and the expected purchases within each of its windows. */
  outlook(x: number, txDays: number, TDays: number): Outlook;
  /**
   * Whole days from the last purchase to the first day on which P(alive) is at most θ with no
   * purchase since (0 when it already is); null if that does not happen within `CHURN_HORIZON_DAYS`.
   */
  churnDelay(theta: number, x: number, txDays: number): number | null;
}
