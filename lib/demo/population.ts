/**
 * A generated shop for the demo: customers with contact details, consent and time zones around
 * the world, and purchase histories drawn from the BG/NBD process (each customer buys at their own
 * rate and may drop out after any purchase), so scoring finds what it finds in real data — some
 * customers long gone, some fading now, some still active.
 */
import type { CustomerInput } from '../../functions/domain/customer-input.js';
import type { OrderInput } from '../../functions/domain/order.js';
import { gammaSampler, prng } from './random.js';

const FIRST_NAMES = [
  'Ann',
  'Bob',
  'Chloe',
  'Dmitri',
  'Eunji',
  'Fatima',
  'Gunter',
  'Hiro',
  'Ines',
  'Jamal',
  'Kofi',
];
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Africa/Lagos',
  'Asia/Kolkata',
  'Asia/Tokyo',
];
const CATEGORIES = ['garden', 'kitchen', 'books', 'tea', 'toys', 'outdoor'];
/** BG/NBD parameters in days: a purchase every two months or so on average, a quarter drop out after each. */
const PROCESS = { r: 0.9, alpha: 60, a: 0.8, b: 2.4 };
const HISTORY_DAYS = 540;
const DAY = 86_400_000;

export interface DemoPopulation {
  customers: CustomerInput[];
  orders: OrderInput[];
}

export function demoPopulation(count: number, now: Date, seed = 2026): DemoPopulation {
  const random = prng(seed);
  const gamma = gammaSampler(random);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const customers: CustomerInput[] = [];
  const orders: OrderInput[] = [];
  for (let i = 1; i <= count; i++) {
    const customerId = `demo-${String(i).padStart(5, '0')}`;
    const firstName = pick(FIRST_NAMES);
    customers.push({
      customerId,
      email: `${firstName.toLowerCase()}.${i}@example.com`,
      phone: `+1415555${String(i % 10_000).padStart(4, '0')}`,
      firstName,
      timeZone: pick(ZONES),
      consent: { email: random() < 0.92, sms: random() < 0.7 },
      attributes: {},
    });
    const rate = gamma(PROCESS.r) / PROCESS.alpha;
    const ga = gamma(PROCESS.a);
    const dropOut = ga / (ga + gamma(PROCESS.b));
    const spend = Math.exp(3 + 0.5 * gamma(2));
    const favourite = pick(CATEGORIES);
    let day = -HISTORY_DAYS * random();
    for (let k = 0; day < 0; k++) {
      orders.push({
        orderId: `${customerId}-${k}`,
        customerId,
        orderedAt: new Date(now.getTime() + day * DAY).toISOString(),
        amount: Math.round(spend * (0.5 + random()) * 100) / 100,
        currency: 'USD',
        categories: [random() < 0.7 ? favourite : pick(CATEGORIES)],
        status: 'completed',
        promoCodes: [],
      });
      if (k > 0 && random() < dropOut) break;
      day += -Math.log(1 - random()) / rate;
    }
  }
  return { customers, orders };
}
