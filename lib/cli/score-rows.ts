/**
 * `reactivate score`'s rows: each customer's scores (and, when asked, the discounted CLV) and the
 * line written for them. Kept apart from the command so a worker thread scores and writes a share
 * of the customers with the very same code (`score-worker.ts`).
 */
import { type CustomerScores, createScorer } from '../../functions/domain/scoring/customer-scores.js';
import { type ClvHorizon, createDiscountedPurchases } from '../../functions/domain/scoring/lifetime-value.js';
import { transactionModel } from '../../functions/domain/scoring/models.js';
import type { ScoringModel } from '../../functions/domain/scoring/scoring-model.js';
import type { OrderHistories } from '../../functions/import/order-histories.js';

/** The CLV over a chosen horizon, discounted monthly. */
export interface DiscountedClv extends ClvHorizon {
  value: number;
}

export interface ScoredRow {
  customerId: string;
  scores: CustomerScores;
  discountedClv?: DiscountedClv;
}

/** What scoring a customer needs besides the model: the same in every thread. */
export interface RowOptions {
  asOfDay: number;
  theta?: number;
  /** One time for every row, whichever thread scores it. */
  scoredAt: string;
  horizon?: ClvHorizon;
}

/** The scored rows of the customers numbered `from` to `to` (exclusive; all by default). */
export function* scoredRows(
  histories: OrderHistories,
  model: ScoringModel,
  options: RowOptions,
  from = 0,
  to = histories.customers,
): Generator<ScoredRow> {
  const { asOfDay, horizon } = options;
  const scorer = createScorer(model, asOfDay, { theta: options.theta, scoredAt: options.scoredAt });
  const discounted =
    horizon && createDiscountedPurchases(transactionModel(model.transaction), horizon, model.unitDays);
  for (const e of histories.at(asOfDay, asOfDay, from, to)) {
    const scores = scorer(e.history);
    if (!scores) continue;
    if (!discounted) {
      yield { customerId: e.customerId, scores };
      continue;
    }
    const { repeatPurchases, lastPurchaseAfterDays, observedDays } = scores.inputs;
    const purchases = discounted(repeatPurchases, lastPurchaseAfterDays, observedDays);
    const value = Number((purchases * scores.expectedOrderValue).toPrecision(6));
    yield { customerId: e.customerId, scores, discountedClv: { ...horizon, value } };
  }
}

export const CSV_COLUMNS = [
  'customer_id',
  'segment',
  'p_alive',
  'churn_moment',
  'expected_next_order',
  'expected_purchases_365d',
  'clv_365d',
  'rfm',
  'regularity',
  'repeat_purchases',
  'last_purchase',
  'churn_moment_method',
] as const;

/** The CSV header line, with the discounted CLV's column when asked for. */
export function csvHeader(clvMonths: number | undefined): string {
  return [...CSV_COLUMNS, ...(clvMonths === undefined ? [] : [`clv_${clvMonths}m`])].join(',');
}

/** A row as a line of CSV or JSON (no newline). */
export function rowLine({ customerId, scores: s, discountedClv }: ScoredRow, json: boolean): string {
  if (json) return JSON.stringify({ customerId, ...s, ...(discountedClv && { discountedClv }) });
  return [
    // Customer ids are letters, digits and . _ : @ + - (checked on reading): quoted as is.
    `"${customerId}"`,
    s.rfm.segment,
    s.pAlive,
    s.churnMomentOn ?? '',
    s.expectedNextOrderOn,
    s.expectedPurchases365Days,
    s.clv365Days,
    `${s.rfm.recency}${s.rfm.frequency}${s.rfm.monetary}`,
    s.regularity ?? '',
    s.inputs.repeatPurchases,
    s.inputs.lastPurchaseOn,
    s.churnMomentMethod,
    ...(discountedClv ? [discountedClv.value] : []),
  ].join(',');
}

/**
 * The lines of the rows in blocks of about 1 MB, each ending with a newline: one write (and one
 * await, or one message from a worker) per block, not per customer.
 */
export function* lineBlocks(rows: Iterable<ScoredRow>, json: boolean): Generator<string> {
  // Lines gathered and joined once per block: a string grown line by line is a tree of pieces
  // that writing it must flatten.
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = rowLine(row, json);
    lines.push(line);
    size += line.length + 1;
    if (size > 1 << 20) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
