/**
 * The CSV lines of `reactivate score` are written as bytes; they must say what the rows' fields
 * say, in the header's columns, as JavaScript prints them: each line is checked against the row's
 * fields joined as strings.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBtydOrders } from '../../../bench/generate-btyd.js';
import {
  CSV_COLUMNS,
  csvHeader,
  lineBlocks,
  type ScoredRow,
  scoredRows,
} from '../../../lib/cli/score-rows.js';
import { scoreCommand } from '../../../lib/cli/scoring-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'reactivate-score-rows-'));

/** A row's CSV line as the fields joined, the reference for the byte writer. */
function joined({ customerId, scores: s, discountedClv }: ScoredRow): string {
  const byColumn: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    customer_id: `"${customerId}"`,
    segment: s.rfm.segment,
    p_alive: s.pAlive,
    churn_moment: s.churnMomentOn ?? '',
    expected_next_order: s.expectedNextOrderOn,
    expected_purchases_365d: s.expectedPurchases365Days,
    clv_365d: s.clv365Days,
    rfm: `${s.rfm.recency}${s.rfm.frequency}${s.rfm.monetary}`,
    regularity: s.regularity ?? '',
    repeat_purchases: s.inputs.repeatPurchases,
    last_purchase: s.inputs.lastPurchaseOn,
    churn_moment_method: s.churnMomentMethod,
  };
  const fields = CSV_COLUMNS.map((column) => String(byColumn[column]));
  return [...fields, ...(discountedClv ? [String(discountedClv.value)] : [])].join(',');
}

describe('scoredRows', () => {
  it('gives the CSV the same lines without gathering categories, which only JSON lines hold', async () => {
    // Prepare: customers with categories, and one who stopped buying coffee but not tea
    const file = join(dir, 'orders-categories.csv');
    await generateBtydOrders(file, { customers: 2_000, categories: true, seed: 4 });
    const lapser = ['2024-01-05', '2024-02-05', '2024-03-05', '2024-06-05', '2024-09-05', '2025-01-05'].map(
      (day, k) => `L-${k},lapser,${day},20.00,USD,${k < 3 ? 'coffee;tea' : 'tea'},completed`,
    );
    appendFileSync(file, `${lapser.join('\n')}\n`);
    const run = await scoreCommand({ orders: file, model: 'bgnbd' }, { json: true, interactive: false });

    // Act
    const full = [...scoredRows(run.histories, run.model, run.rowOptions)];
    const lean = [...scoredRows(run.histories, run.model, { ...run.rowOptions, lapsedCategories: false })];

    // Assess: the same CSV; the JSON rows did hold lapsed categories, the lean rows none
    const csv = (rows: ScoredRow[]) => Buffer.concat([...lineBlocks(rows, false)]).toString();
    expect(csv(lean)).toBe(csv(full));
    expect(full.find((row) => row.customerId === 'lapser')?.scores.lapsedCategories).toEqual(['coffee']);
    expect(lean.every((row) => row.scores.lapsedCategories.length === 0)).toBe(true);
  });
});

describe('lineBlocks (CSV)', () => {
  for (const clvMonths of [undefined, 6])
    it(`writes each row's fields in the header's columns${clvMonths ? ', the discounted CLV last' : ''}`, async () => {
      // Prepare: 2,000 generated customers, scored
      const file = join(dir, `orders-${clvMonths}.csv`);
      await generateBtydOrders(file, { customers: 2_000, categories: true, seed: 3 });
      const run = await scoreCommand(
        { orders: file, model: 'bgnbd', ...(clvMonths && { clvMonths }) },
        { json: true, interactive: false },
      );
      const rows = [...run.rows];

      // Act: the lines in blocks of bytes
      const text = Buffer.concat([...lineBlocks(rows, false)]).toString('utf8');

      // Assess: one line per row, the same as its fields joined; as many fields as the header
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toEqual(rows.map(joined));
      const width = csvHeader(clvMonths).split(',').length;
      expect(lines.every((line) => line.split(',').length === width)).toBe(true);
      expect(rows.some((row) => row.scores.churnMomentOn === null)).toBe(true);
    });
});
