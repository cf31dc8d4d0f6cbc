/**
 * The short road for plain CSV order rows must read every row exactly as the general checks do:
 * the same histories, counts and rejections for a file of plain rows mixed with every kind of
 * row that must leave the short road, and the same order for thousands of generated rows.
 */
import { describe, expect, it } from 'vitest';
import { epochDay } from '../../../functions/domain/timestamps.js';
import type { Rejection } from '../../../functions/import/import-runner.js';
import { readLineBatches, readLines } from '../../../functions/import/line-reader.js';
import {
  type OrderHistories,
  readCsvOrderHistories,
  readOrderHistories,
} from '../../../functions/import/order-histories.js';
import { plainOrderRows } from '../../../functions/import/plain-order-rows.js';
import { readCsvRecords } from '../../../functions/import/record-readers.js';
import { orderFromRow, REQUIRED_ORDER_COLUMNS } from '../../../functions/import/row-mapping.js';
import { ingestSettings } from '../../../functions/use-cases/ingest-settings.js';
import { checkOrder } from '../../../functions/use-cases/record-orders.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const settings = ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: { EUR: 1.1 } }, () => NOW);
const HEADER = 'order_id,customer_id,ordered_at,amount,currency,categories,status';

async function* bytes(text: string) {
  // Small chunks, so lines straddle them.
  for (let i = 0; i < text.length; i += 97) yield Buffer.from(text.slice(i, i + 97));
}

async function bothRoads(text: string) {
  const read = async (road: 'short' | 'general') => {
    const rejections: Rejection[] = [];
    const options = { onRejection: (r: Rejection) => rejections.push(r) };
    const histories =
      road === 'short'
        ? await readCsvOrderHistories(readLineBatches(bytes(text)), settings, options)
        : await readOrderHistories(
            readCsvRecords(readLines(bytes(text)), REQUIRED_ORDER_COLUMNS),
            settings,
            options,
          );
    return { ...view(histories), rejections };
  };
  return { short: await read('short'), general: await read('general') };
}

function view(histories: OrderHistories) {
  return {
    counts: histories.counts,
    customers: histories.customers,
    days: [histories.firstDay, histories.lastDay],
    histories: [...histories.at(histories.lastDay)].map((e) => ({
      customerId: e.customerId,
      purchaseDays: e.history.purchaseDays,
      spend: e.history.spend,
      firstDaySpend: e.history.firstDaySpend,
      categories: e.history.categories && [...e.history.categories],
    })),
  };
}

describe('Function: readCsvOrderHistories (plain rows on the short road)', () => {
  it('reads a file of plain and unusual rows exactly as the general checks read it', async () => {
    // Prepare: plain rows, and rows each of which must leave the short road for a reason
    const rows = [
      'o1,c1,2024-01-05,10.50,USD,,completed',
      'o2,c1,2024-01-05,4,,,',
      'o3,c1,2024-03-01,7.25,,,',
      'o4,c2,2024-02-29,100,USD,,',
      'o5, c2 ,2024-03-02,1,,,', // spaces: trimmed by the general road
      'o6,c2,2024-03-03,5,usd,,', // lower-case currency
      'o7,c2,2024-03-04,5,EUR,,', // another currency, with a rate
      'o8,c2,2024-03-05,5,GBP,,', // no rate: rejected
      'o9,c3,2024-02-30,5,,,', // not a date
      'o10,c3,2025-06-03,5,,,', // in the future
      'o11,c3,1969-12-31,5,,,', // before 1970
      'o12,c3,2024-03-06T23:30:00+02:00,5,,,', // a time of day and an offset
      'o13,c3,2024-03-07,1e3,,,', // not a plain amount
      'o14,c3,2024-03-07,-5,,,', // negative
      'o15,c3,2024-03-07,.5,,,',
      'o16,c3,2024-03-07,5.,,,',
      'o17,c3,2024-03-07,1000000001,,,', // too large
      'o18,c3,2024-03-08,5,,books;music,', // categories
      'o19,c3,2024-03-09,5,,,cancelled', // not completed
      'o20,c3,2024-03-10,5,,,Completed',
      '"o21",c3,2024-03-11,5,,,', // quoted
      'o22,"c3",2024-03-12,"5,5",,,', // a quoted comma
      'o1,c9,2024-03-13,5,,,', // a repeated order id
      'o23,c3,2024-03-14,5,,', // a field short
      'o 24,c3,2024-03-15,5,,,', // a bad order id
      'o25,c/3,2024-03-15,5,,,', // a customer id with a slash
      '',
      'o26,c4,2024-04-01,0,,,',
      'o27,c4,2024-04-02,999999999.999999,,,',
    ];
    const text = `${HEADER}\r\n${rows.join('\r\n')}\r\n`;

    // Act
    const { short, general } = await bothRoads(text);

    // Assess: identical, and the file exercised both outcomes
    expect(short).toEqual(general);
    expect(short.counts.rejected).toBeGreaterThan(5);
    expect(short.counts.duplicates).toBe(1);
    expect(short.counts.notCompleted).toBe(1);
    expect(short.histories.find((h) => h.customerId === 'c1')).toEqual({
      customerId: 'c1',
      purchaseDays: [epochDay('2024-01-05'), epochDay('2024-03-01')],
      spend: 21.75,
      firstDaySpend: 14.5,
      categories: undefined,
    });
  });

  it('takes the general road for every row when the header names a column the import does not know', async () => {
    const text = 'order_id,customer_id,ordered_at,amount,note\no1,c1,2024-01-05,10,hi\n';
    const { short, general } = await bothRoads(text);
    expect(short).toEqual(general);
    expect(short.rejections).toEqual([{ line: 2, reasons: ['unknown column note'] }]);
  });

  it('reads rows with promo codes and discounts as the general checks do (a bad discount is rejected on both roads)', async () => {
    const text = [
      'order_id,customer_id,ordered_at,amount,promo_codes,discount',
      'o1,c1,2024-01-05,10,,',
      'o2,c1,2024-02-05,20,SPRING-7KQ2,4',
      'o3,c1,2024-03-05,30,A1;B2,abc',
      'o4,c2,2024-03-05,30,,-1',
      '',
    ].join('\n');
    const { short, general } = await bothRoads(text);
    expect(short).toEqual(general);
    expect(short.rejections.map((r) => r.line)).toEqual([4, 5]);
    expect(short.histories.find((h) => h.customerId === 'c1')?.spend).toBe(30);
  });

  it('agrees with the general checks on thousands of generated rows', () => {
    // Prepare: rows built from plain and unusual pieces, deterministically
    const pieces = {
      orderId: ['o1', 'A-9_x', ' o2', 'o/3', '', 'ö4', 'x'.repeat(129)],
      customerId: ['c1', 'C.2', 'c/3', ' c4', '', '-c5'],
      orderedAt: [
        '2024-01-05',
        '2024-02-29',
        '2023-02-29',
        '2025-06-02',
        '2025-06-03',
        '1970-01-01',
        '1969-12-31',
        '2024-1-05',
        '2024-01-05 ',
      ],
      amount: [
        '0',
        '10',
        '10.5',
        '10.123456789',
        '1000000000',
        '1000000000.5',
        '-1',
        '1e2',
        '.5',
        '5.',
        ' 5',
        'abc',
        '',
      ],
      currency: ['', 'USD', 'usd', 'EUR', 'GBP'],
      categories: ['', 'a', ' '],
      status: ['', 'completed', 'cancelled', 'COMPLETED', 'done'],
    };
    const header = HEADER.split(',');
    const plain = plainOrderRows(header, settings, NOW);
    // mulberry32: small and good enough to spread the choices
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    // Half of the fields take their first (plain) piece, so whole plain rows are common too.
    const pick = <T>(list: T[]): T => list[random() < 0.5 ? 0 : Math.floor(random() * list.length)] as T;
    let shortRoad = 0;

    // Act + Assess
    for (let i = 0; i < 5_000; i++) {
      const fields = [
        pick(pieces.orderId),
        pick(pieces.customerId),
        pick(pieces.orderedAt),
        pick(pieces.amount),
        pick(pieces.currency),
        pick(pieces.categories),
        pick(pieces.status),
      ];
      const order = plain?.(fields.join(','));
      if (!order) continue;
      shortRoad++;
      const record = Object.fromEntries(header.map((c, k) => [c, (fields[k] as string).trim()]));
      const mapped = orderFromRow(record);
      const check = checkOrder(mapped.record, settings, NOW);
      expect(mapped.reasons, fields.join(',')).toEqual([]);
      expect(check.ok && check.order.status === 'completed', fields.join(',')).toBe(true);
      if (!check.ok) continue;
      expect(order, fields.join(',')).toEqual({
        orderId: check.order.orderId,
        customerId: check.order.customerId,
        day: epochDay(check.order.day),
        amount: check.order.baseAmount,
      });
    }
    expect(shortRoad).toBeGreaterThan(200);
  });
});
