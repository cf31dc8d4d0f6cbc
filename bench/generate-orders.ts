/**
 * Generates a reproducible population for benchmarks: customers and their orders as the import
 * CSVs. Purchase counts follow a geometric distribution (most customers buy once or twice, a few
 * often); amounts are log-normal; a quarter of the orders carry categories. Orders are written
 * customer by customer (as an export ordered by customer id) or, with `timeOrdered`, by date.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { prng } from '../lib/demo/random.js';

export interface Population {
  customersFile: string;
  ordersFile: string;
  customers: number;
  orders: number;
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Tokyo',
  '',
];
const NAMES = ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Eun-ji', 'Fatima', 'Günter', 'Hiro', 'Inés', 'Jamal'];
const CATEGORIES = ['books', 'music', 'tea', 'cups', 'gifts', 'toys', 'garden'];
const START = Date.UTC(2024, 0, 1);
const SPAN_DAYS = 700;

async function write(stream: WriteStream, text: string) {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream) {
  stream.end();
  await once(stream, 'finish');
}

export interface PopulationOptions {
  /** Mean orders per customer (geometric distribution). @default 3, as in CDNOW */
  ordersPerCustomer?: number;
  timeOrdered?: boolean;
  seed?: number;
}

export async function generatePopulation(
  dir: string,
  targetOrders: number,
  options: PopulationOptions = {},
): Promise<Population> {
  const mean = options.ordersPerCustomer ?? 3;
  const random = prng(options.seed ?? 1997);
  const suffix = `-${mean}pc${options.timeOrdered ? '-by-date' : ''}`;
  const customersFile = `${dir}/customers-${targetOrders}${suffix}.csv`;
  const ordersFile = `${dir}/orders-${targetOrders}${suffix}.csv`;
  const customers = createWriteStream(customersFile);
  const orders = createWriteStream(ordersFile);
  await write(
    customers,
    'customer_id,email,phone,first_name,time_zone,locale,email_opt_in,sms_opt_in,segment\n',
  );
  await write(orders, 'order_id,customer_id,ordered_at,amount,currency,categories,status\n');

  const rows: string[] = [];
  let n = 0;
  let c = 0;
  while (n < targetOrders) {
    c++;
    const id = `C${String(c).padStart(7, '0')}`;
    const phone = random() < 0.5 ? `+1415555${String(Math.floor(random() * 10000)).padStart(4, '0')}` : '';
    await write(
      customers,
      `${id},${id.toLowerCase()}@example.com,${phone},${NAMES[c % NAMES.length]},${ZONES[c % ZONES.length]},en-US,${random() < 0.8},${phone !== '' && random() < 0.6},s${c % 5}\n`,
    );
    // Geometric count with the given mean: P(k) = p(1-p)^(k-1), p = 1/mean.
    let count = 1;
    while (random() < 1 - 1 / mean && count < 500) count++;
    let day = Math.floor(random() * SPAN_DAYS * 0.5);
    for (let k = 0; k < count && n < targetOrders && day < SPAN_DAYS; k++, n++) {
      const at = new Date(START + day * 86_400_000 + Math.floor(random() * 86_400_000))
        .toISOString()
        .slice(0, 19);
      const amount = Math.exp(3 + random() * 2.5).toFixed(2);
      const categories = random() < 0.25 ? CATEGORIES[Math.floor(random() * CATEGORIES.length)] : '';
      const status = random() < 0.03 ? 'returned' : '';
      const row = `O${String(n + 1).padStart(8, '0')},${id},${at}Z,${amount},USD,${categories},${status}\n`;
      if (options.timeOrdered) rows.push(row);
      else await write(orders, row);
      day += 1 + Math.floor(random() * (180 / mean));
    }
  }
  if (options.timeOrdered) {
    rows.sort((a, b) => (a.split(',')[2] as string).localeCompare(b.split(',')[2] as string));
    for (const row of rows) await write(orders, row);
  }
  await Promise.all([close(customers), close(orders)]);
  return { customersFile, ordersFile, customers: c, orders: n };
}
