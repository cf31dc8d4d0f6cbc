/**
 * A code pool file as shop platforms export it (CSV with a header row): its codes, or every bad
 * row with its line number.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { codeKey, OFFER_CODE_PATTERN, OFFER_CODE_RULE } from './offer-codes.js';

/** Headers shop platforms give the code column (Shopify "Code", WooCommerce "Coupon code", …). */
const CODE_HEADERS = [
  'code',
  'codes',
  'discount code',
  'coupon code',
  'coupon',
  'promo code',
  'voucher code',
];

/**
 * One upload is one API request: 100,000 codes are 4,000 batch writes, about 25 s against a new
 * on-demand table's 4,000 writes a second — within the API's 30 s, and resumed by sending the
 * same file again if it is not.
 */
export const MAX_POOL_CODES = 100_000;

export type PoolFileCheck =
  | { ok: true; codes: string[] }
  | { ok: false; errors: { line: number; reason: string }[] };

/**
 * The codes of a pool file: CSV with a header row; the code column is `column` or the first whose
 * header a shop platform uses for it. Every bad row is reported with its line number (blank,
 * malformed, or a duplicate of an earlier line, whatever the case); nothing is taken from a file
 * with errors.
 */
export function readPoolFile(text: string, column?: string): PoolFileCheck {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { ok: false, errors: [{ line, reason: `not CSV: ${(error as Error).message}` }] };
  }
  const header = rows[0]?.record.map((h) => h.trim().toLowerCase());
  if (!header)
    return { ok: false, errors: [{ line: 1, reason: 'the file is empty: expected a header row' }] };
  const wanted = column?.trim().toLowerCase();
  const index = wanted ? header.indexOf(wanted) : header.findIndex((h) => CODE_HEADERS.includes(h));
  if (index < 0)
    return {
      ok: false,
      errors: [
        {
          line: 1,
          reason: wanted
            ? `no column '${column}' in the header (${header.join(', ')})`
            : `no code column in the header (${header.join(', ')}): name it with ?column= or use one of ${CODE_HEADERS.join(', ')}`,
        },
      ],
    };
  const errors: { line: number; reason: string }[] = [];
  const codes: string[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    // A trailing newline, or a blank line between rows: nothing on it at all.
    if (record.length === 1 && record[0] === '' && index > 0) continue;
    const code = (record[index] ?? '').trim();
    if (code === '') {
      if (record.every((f) => f.trim() === '')) continue;
      errors.push({ line, reason: 'the code is blank' });
    } else if (!OFFER_CODE_PATTERN.test(code)) errors.push({ line, reason: `'${code}' ${OFFER_CODE_RULE}` });
    else {
      const seen = firstLine.get(codeKey(code));
      if (seen !== undefined) errors.push({ line, reason: `'${code}' is a duplicate of line ${seen}` });
      else {
        firstLine.set(codeKey(code), line);
        codes.push(code);
      }
    }
    if (errors.length >= 100) break;
  }
  if (errors.length === 0 && codes.length === 0) errors.push({ line: 1, reason: 'the file holds no codes' });
  if (codes.length > MAX_POOL_CODES)
    errors.push({ line: 1, reason: `at most ${MAX_POOL_CODES} codes per pool; split the file` });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, codes };
}
