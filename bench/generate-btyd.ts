/**
 * Generates an order file from the BG/NBD process itself (Fader, Hardie & Lee 2005), so the
 * scoring benchmark fits a population that behaves like real customers — purchase rates vary,
 * customers drop out — and the fitted parameters can be compared with the true ones.
 * Defaults are CDNOW's published estimates (weeks): about 3 orders per customer over 78 weeks.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { gammaSampler, prng } from '../lib/demo/random.js';

export interface BtydPopulationOptions {
  customers: number;
  params?: { r: number; alpha: number; a: number; b: number };
  /** Weeks of history after the cohort's first purchases. @default 78 */
  weeks?: number;
  seed?: number;
  /**
   * `csv` (the import's columns), `cdnow` (`customer YYYYMMDD cds value`, the master file's shape)
   * or `jsonl` (one object per order). @default 'csv'
   */
  format?: 'csv' | 'cdnow' | 'jsonl';
  /** One or two product categories per order (CSV and JSON Lines). @default false */
  categories?: boolean;
}

const CATEGORIES = ['books', 'music', 'video', 'games', 'garden', 'kitchen', 'toys', 'sports'];

export const CDNOW_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const START = Date.UTC(2024, 0, 1);

export async function generateBtydOrders(
  file: string,
  options: BtydPopulationOptions,
): Promise<{ orders: number }> {
  const { r, alpha, a, b } = options.params ?? CDNOW_BGNBD;
  const weeks = options.weeks ?? 78;
  const random = prng(options.seed ?? 2005);
  const gamma = gammaSampler(random);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const format = options.format ?? 'csv';
  await write(
    format === 'csv'
      ? 'order_id,customer_id,ordered_at,amount,currency,categories,status\n'
      : format === 'cdnow'
        ? 'customer_id date cds dollar_value\n'
        : '',
  );
  let orders = 0;
  let buffer = '';
  for (let c = 1; c <= options.customers; c++) {
    const rate = gamma(r) / alpha; // purchases per week
    const ga = gamma(a);
    const dropOut = ga / (ga + gamma(b));
    const spend = Math.exp(2.8 + 0.6 * gamma(2));
    const firstWeek = random() * 12; // a quarter's cohort, as in CDNOW
    let week = firstWeek;
    const id = `C${c}`;
    for (let k = 0; week < 12 + weeks; k++) {
      const day = Math.floor(week * 7);
      const date = new Date(START + day * 86_400_000).toISOString().slice(0, 10);
      const amount = (spend * (0.5 + random())).toFixed(2);
      const categories = options.categories
        ? [CATEGORIES[c % CATEGORIES.length], ...(k % 2 ? [CATEGORIES[(c + k) % CATEGORIES.length]] : [])]
        : [];
      buffer +=
        format === 'csv'
          ? `O${c}-${k},${id},${date},${amount},USD,${categories.join(';')},completed\n`
          : format === 'cdnow'
            ? `${c} ${date.replaceAll('-', '')} 1 ${amount}\n`
            : `${JSON.stringify({ order_id: `O${c}-${k}`, customer_id: id, ordered_at: date, amount: Number(amount), currency: 'USD', ...(categories.length > 0 && { categories }) })}\n`;
      orders++;
      if (k > 0 && random() < dropOut) break;
      week += -Math.log(1 - random()) / rate;
    }
    if (buffer.length > 1 << 16) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  out.end();
  await once(out, 'finish');
  return { orders };
}
