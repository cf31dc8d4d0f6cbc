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
import { ByteBlocks } from './byte-blocks.js';

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
  /**
   * Whether the rows need each customer's lapsed categories (JSON lines hold them; the CSV has no
   * column for them, so its rows skip gathering every customer's categories). @default true
   */
  lapsedCategories?: boolean;
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
  const categories = options.lapsedCategories !== false;
  for (const e of histories.at(asOfDay, asOfDay, from, to, { categories })) {
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

/** A row as a line of JSON (no newline). */
function jsonLine({ customerId, scores: s, discountedClv }: ScoredRow): string {
  return JSON.stringify({ customerId, ...s, ...(discountedClv && { discountedClv }) });
}

/**
 * A row as a line of CSV, newline included, written into `out`: the fields of `CSV_COLUMNS` (and
 * the discounted CLV), numbers as JavaScript prints them, absent values empty.
 */
function writeCsvLine(out: ByteBlocks, { customerId, scores: s, discountedClv }: ScoredRow): void {
  // Customer ids are letters, digits and . _ : @ + - (checked on reading): quoted as is.
  out.byte(QUOTE);
  out.text(customerId);
  out.byte(QUOTE);
  out.byte(COMMA);
  out.text(s.rfm.segment);
  out.byte(COMMA);
  out.number(s.pAlive);
  out.byte(COMMA);
  out.text(s.churnMomentOn ?? '');
  out.byte(COMMA);
  out.text(s.expectedNextOrderOn);
  out.byte(COMMA);
  out.number(s.expectedPurchases365Days);
  out.byte(COMMA);
  out.number(s.clv365Days);
  out.byte(COMMA);
  out.number(s.rfm.recency);
  out.number(s.rfm.frequency);
  out.number(s.rfm.monetary);
  out.byte(COMMA);
  out.text(s.regularity ?? '');
  out.byte(COMMA);
  out.number(s.inputs.repeatPurchases);
  out.byte(COMMA);
  out.text(s.inputs.lastPurchaseOn);
  out.byte(COMMA);
  out.text(s.churnMomentMethod);
  if (discountedClv) {
    out.byte(COMMA);
    out.number(discountedClv.value);
  }
  out.byte(NEWLINE);
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

/**
 * The rows' lines (CSV or JSON) as UTF-8 in blocks of about 1 MB, each ending with a newline: one
 * write (and one await, or one message from a worker) per block, not per customer. A CSV line's
 * fields are written as bytes, with no string made for the line or its numbers.
 */
export function* lineBlocks(rows: Iterable<ScoredRow>, json: boolean): Generator<Uint8Array<ArrayBuffer>> {
  const out = new ByteBlocks();
  for (const row of rows) {
    if (json) {
      out.text(jsonLine(row));
      out.byte(NEWLINE);
    } else writeCsvLine(out, row);
    if (out.full) yield out.take();
  }
  if (!out.empty) yield out.take();
}
