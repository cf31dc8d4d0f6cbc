/**
 * The byte readers must read every order file exactly as the import's own readers and checks do
 * (the general road): the same histories, counts and rejections, in every format, for files of
 * plain rows mixed with every kind of row that must leave the byte road, cut into chunks that
 * split lines anywhere.
 */
import { describe, expect, it } from 'vitest';
import { epochDay } from '../../../functions/domain/timestamps.js';
import type { Rejection } from '../../../functions/import/import-runner.js';
import { readLines } from '../../../functions/import/line-reader.js';
import { type OrderFileFormat, readOrderFile } from '../../../functions/import/order-file-reader.js';
import { type OrderHistories, readOrderHistories } from '../../../functions/import/order-histories.js';
import {
  readCdnowRecords,
  readCsvRecords,
  readJsonLines,
  type SourceRecord,
} from '../../../functions/import/record-readers.js';
import { REQUIRED_ORDER_COLUMNS } from '../../../functions/import/row-mapping.js';
import { ingestSettings } from '../../../functions/use-cases/ingest-settings.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const settings = ingestSettings({ timeZone: 'UTC', currency: 'USD', exchangeRates: { EUR: 1.1 } }, () => NOW);
const HEADER = 'order_id,customer_id,ordered_at,amount,currency,categories,status';

/** mulberry32: small and good enough to spread the choices. */
function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function* chunks(bytes: Buffer, sizes: () => number) {
  for (let i = 0; i < bytes.length; ) {
    const size = sizes();
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

function generalRecords(format: OrderFileFormat, lines: AsyncIterable<ReturnType<typeof Object>>) {
  const source = lines as Parameters<typeof readJsonLines>[0];
  if (format === 'cdnow') return readCdnowRecords(source);
  if (format === 'jsonl') return readJsonLines(source);
  return readCsvRecords(source, REQUIRED_ORDER_COLUMNS);
}

/** Both roads over the same text, each in chunks of varying size (lines straddle them). */
async function bothRoads(text: string, format: OrderFileFormat, chunkSeed = 1) {
  const bytes = Buffer.from(text);
  const read = async (road: 'bytes' | 'general') => {
    const rejections: Rejection[] = [];
    const options = { onRejection: (r: Rejection) => rejections.push(r) };
    const random = randomSource(chunkSeed);
    const sizes = () => 1 + Math.floor(random() * 200);
    try {
      const histories =
        road === 'bytes'
          ? await readOrderFile(chunks(bytes, sizes), format, settings, options)
          : await readOrderHistories(
              generalRecords(format, readLines(chunks(bytes, sizes))) as AsyncIterable<SourceRecord>,
              settings,
              options,
            );
      return { ...view(histories), rejections };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return { bytes: await read('bytes'), general: await read('general') };
}

function view(histories: OrderHistories) {
  const asOf = histories.lastDay - 30;
  return {
    counts: histories.counts,
    customers: histories.customers,
    days: [histories.firstDay, histories.lastDay],
    histories: [...histories.at(asOf, histories.lastDay)].map((e) => ({
      customerId: e.customerId,
      purchaseDays: e.history.purchaseDays,
      laterDays: e.laterDays,
      spend: e.history.spend,
      firstDaySpend: e.history.firstDaySpend,
      categories: e.history.categories && [...e.history.categories],
    })),
  };
}

describe('Function: readOrderFile (CSV)', () => {
  it('reads a file of plain and unusual rows exactly as the general checks read it', async () => {
    // Prepare: plain rows, and rows each of which must leave the byte road for a reason
    const rows = [
      'o1,c1,2024-01-05,10.50,USD,,completed',
      'o2,c1,2024-01-05,4,,,',
      'o3,c1,2024-03-01,7.25,,,',
      'o4,c2,2024-02-29,100,USD,,',
      'o5, c2 ,2024-03-02,1,,,', // spaces: trimmed by the general road
      'o6,c2,2024-03-03,5,usd,,', // lower-case currency
      'o7,c2,2024-03-04,5,EUR,,', // another currency, with a rate (read on the byte road)
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
      'o28,c4,2024-04-03,5,,Bücher;music,', // a category outside ASCII
      'o29,c4,2024-04-04,5,,music; books ;;music,', // spaces, a blank and a repeat
      'o30,c4,2024-04-05T10:00:00.123456Z,5,,,',
      'o31,c4,2024-04-06 10:00,5,,,returned',
      'o32,c4,2024-04-07T24:00:00Z,5,,,', // no such hour
    ];
    const text = `${HEADER}\r\n${rows.join('\r\n')}\r\n`;

    // Act
    const { bytes, general } = await bothRoads(text, 'csv');

    // Assess: identical, and the file exercised both outcomes
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    expect(bytes.counts.rejected).toBeGreaterThan(5);
    expect(bytes.counts.duplicates).toBe(1);
    expect(bytes.counts.notCompleted).toBe(2);
    const c1 = bytes.histories.find((h) => h.customerId === 'c1');
    expect(c1?.purchaseDays).toEqual([epochDay('2024-01-05'), epochDay('2024-03-01')]);
    expect([c1?.spend, c1?.firstDaySpend]).toEqual([21.75, 14.5]);
  });

  it('takes the general road for every row when the header names a column the import does not know', async () => {
    const text = 'order_id,customer_id,ordered_at,amount,note\no1,c1,2024-01-05,10,hi\n';
    const { bytes, general } = await bothRoads(text, 'csv');
    expect(bytes).toEqual(general);
    expect('rejections' in bytes && bytes.rejections).toEqual([
      { line: 2, reasons: ['unknown column note'] },
    ]);
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
    const { bytes, general } = await bothRoads(text, 'csv');
    expect(bytes).toEqual(general);
    expect('rejections' in bytes && bytes.rejections.map((r) => r.line)).toEqual([4, 5]);
  });

  it('refuses a file with no header, or one lacking a required column, as the general road does', async () => {
    for (const text of ['', '\n\n', 'order_id,customer_id\no1,c1\n', '\u00ff\n']) {
      const { bytes, general } = await bothRoads(text, 'csv');
      expect(bytes).toEqual(general);
      expect(bytes).toHaveProperty('error');
    }
  });

  it('agrees with the general checks on thousands of generated rows', async () => {
    const random = randomSource(7);
    // Half of the fields take their first (plain) piece, so whole plain rows are common too.
    const pick = <T>(list: T[]): T => list[random() < 0.5 ? 0 : Math.floor(random() * list.length)] as T;
    const pieces = {
      orderId: ['o#', 'A-9_x#', ' o#', 'o/#', '', 'ö#', 'x'.repeat(129), 'dup'],
      customerId: ['c1', 'C.2', 'c/3', ' c4', '', '-c5', 'c6'],
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
        '2024-03-06T23:30:00+02:00',
        '2024-03-06t23:30z',
        '2025-06-02T12:00:00Z',
        '2025-06-02T12:00:00.001Z',
        '2025-06-02T13:00:00+01:00',
        '1970-01-01T00:00:00+00:01',
        '2024-03-06T10:00:00+1900',
        '2024-03-06T10:00:60Z',
        '2024-03-06T10:00:00.1234567891Z',
      ],
      amount: ['10', '0', '10.5', '10.123456789', '1000000000', '1000000000.5', '-1', '1e2', '.5', '5.'],
      currency: ['', 'USD', 'usd', 'EUR', 'GBP', 'XXXX'],
      // axb and ayb share the reader's lookup slot (same length, same ends): it must tell them apart.
      categories: ['', 'a', ' ', 'b;a', 'a; a ;', 'x'.repeat(65), 'é', 'axb', 'ayb;axb'],
      status: ['', 'completed', 'cancelled', 'returned', 'COMPLETED', 'done'],
    };
    const rows: string[] = [];
    for (let i = 0; i < 4_000; i++)
      rows.push(
        [
          pick(pieces.orderId).replace('#', String(i)),
          pick(pieces.customerId),
          pick(pieces.orderedAt),
          pick(pieces.amount),
          pick(pieces.currency),
          pick(pieces.categories),
          pick(pieces.status),
        ].join(','),
      );
    const { bytes, general } = await bothRoads(`${HEADER}\n${rows.join('\n')}\n`, 'csv', 3);
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    expect(bytes.counts.accepted).toBeGreaterThan(1_000);
    expect(bytes.counts.rejected).toBeGreaterThan(1_000);
  });
});

describe('Function: readOrderFile (JSON Lines)', () => {
  it('agrees with the general checks on thousands of generated lines', async () => {
    const random = randomSource(11);
    const pick = <T>(list: T[]): T => list[random() < 0.5 ? 0 : Math.floor(random() * list.length)] as T;
    const ABSENT = Symbol('absent');
    const pieces: Record<string, unknown[]> = {
      order_id: ['o#', 'dup', ' o#', 7, null, ABSENT, 'o\\u0031#'],
      customer_id: ['c1', 'c2', 'c/3', 12, ABSENT],
      ordered_at: ['2024-01-05', '2024-03-06T23:30:00+02:00', '2025-06-03', 20240105, '2024-02-30'],
      amount: [10.5, 0, 1e3, '12.5', -1, 1.5e9, null, ABSENT, 0.1],
      currency: [ABSENT, 'USD', null, '', 'EUR', 'usd', 'GBP'],
      categories: [ABSENT, [], ['a'], ['b', 'a', 'a'], 'a;b', '', [''], [' a'], null, [1]],
      status: [ABSENT, 'completed', 'cancelled', null, 'Returned', ''],
      promo_codes: [ABSENT, [], null, ['X1']],
      discount: [ABSENT, null, 5],
      note: [ABSENT, 'hi'],
    };
    const lines: string[] = [];
    for (let i = 0; i < 4_000; i++) {
      const entries = Object.entries(pieces)
        .map(([key, values]) => [key, pick(values)] as const)
        .filter(([, value]) => value !== ABSENT)
        .map(
          ([key, value]) => [key, typeof value === 'string' ? value.replace('#', String(i)) : value] as const,
        );
      // Now and then the keys come in another order, or one is a known key's longer cousin: the
      // reader guesses each key from the line before and must notice when the guess is wrong.
      if (random() < 0.1) entries.sort(() => random() - 0.5);
      if (random() < 0.03) entries.unshift(['order_idx', 'x']);
      let line = JSON.stringify(Object.fromEntries(entries)).replace('\\\\u0031', '\\u0031');
      const variant = random();
      if (variant < 0.05) line = line.replaceAll(',', ' , ').replaceAll(':', ': ');
      else if (variant < 0.07) line = `  ${line}\t`;
      else if (variant < 0.08) line = line.replace('{', '{"order_id":"twice",');
      else if (variant < 0.09) line = '[1,2]';
      else if (variant < 0.1) line = '{"__proto__":{}}';
      else if (variant < 0.11) line = line.slice(0, -3);
      else if (variant < 0.12) line = '';
      else if (variant < 0.13) line = line.replace(/"amount":[0-9.]+/, '"amount":012');
      lines.push(line);
    }
    const { bytes, general } = await bothRoads(`${lines.join('\n')}\n`, 'jsonl', 5);
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    expect(bytes.counts.accepted).toBeGreaterThan(300);
    expect(bytes.counts.rejected).toBeGreaterThan(1_000);
  });

  it('notices a key that differs from the line before in any one byte', async () => {
    // The reader expects each line's keys in the last plain line's order and compares each
    // expected key a 4-byte word at a time, then the bytes past its last whole word: a key of the
    // same length with one byte changed, at every position of every key, must leave the byte road.
    const plain = {
      order_id: 'o',
      customer_id: 'c1',
      ordered_at: '2024-01-05',
      amount: 10.5,
      currency: 'USD',
      categories: ['a'],
      status: 'completed',
      promo_codes: null,
      discount: null,
    };
    const lineOf = (n: number) => JSON.stringify({ ...plain, order_id: `o${n}` });
    const lines: string[] = [];
    for (const name of Object.keys(plain)) {
      // Every byte of `"name":`, its quotes and colon included.
      const key = `"${name}":`;
      for (let at = 0; at < key.length; at++) {
        const changed = `${key.slice(0, at)}${key[at] === 'x' ? 'y' : 'x'}${key.slice(at + 1)}`;
        lines.push(lineOf(lines.length), lineOf(lines.length + 1).replace(key, changed));
      }
    }
    const { bytes, general } = await bothRoads(`${lines.join('\n')}\n`, 'jsonl', 7);
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    expect(bytes.counts.rejected).toBeGreaterThan(10);
  });

  it('refuses a file with no object at all, as the general road does', async () => {
    const { bytes, general } = await bothRoads('\n  \n', 'jsonl');
    expect(bytes).toEqual(general);
    expect(bytes).toHaveProperty('error');
  });
});

describe('Function: readOrderFile (CDNOW)', () => {
  it('agrees with the general checks on thousands of generated lines, customers coming back included', async () => {
    const random = randomSource(13);
    const pick = <T>(list: T[]): T => list[random() < 0.85 ? 0 : Math.floor(random() * list.length)] as T;
    const lines = ['customer_id date cds dollar_value'];
    let customer = 1;
    for (let i = 0; i < 4_000; i++) {
      if (random() < 0.3) customer = random() < 0.1 ? Math.floor(random() * customer) + 1 : customer + 1;
      const date = pick([
        '19970105',
        '19970301',
        '19970230',
        '1997-03-01',
        '19690101',
        '20990101',
        '00750101',
      ]);
      const value = pick(['12.99', '0', '5', '-3.5', '1e2', 'abc', '999999999999']);
      const who = pick([String(customer), `c/${customer}`, `é${customer}`]);
      const shape = random();
      lines.push(
        shape < 0.6
          ? `${who} ${date} 1 ${value}`
          : shape < 0.8
            ? `\t${who}\t${customer} ${date}  2 ${value}  `
            : shape < 0.85
              ? `${who} ${date} 1`
              : shape < 0.9
                ? ''
                : shape < 0.95
                  ? `${who}\u00a0${date} 1 ${value}`
                  : `${who} ${date} 1 ${value} x y`,
      );
    }
    const { bytes, general } = await bothRoads(`${lines.join('\n')}\n`, 'cdnow', 9);
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    expect(bytes.counts.accepted).toBeGreaterThan(300);
    expect(bytes.counts.rejected).toBeGreaterThan(300);
    expect(bytes.counts.duplicates).toBeGreaterThan(10);
  });

  it('numbers the rows of a customer with many dates as the general road does, when the customer comes back too', async () => {
    const days = Array.from({ length: 40 }, (_, k) => new Date(Date.UTC(1997, 0, 1 + 3 * k)));
    const rows = (who: string) =>
      days.flatMap((d) => {
        const date = d.toISOString().slice(0, 10).replaceAll('-', '');
        return [`${who} ${date} 1 10.00`, `${who} ${date} 2 5.00`];
      });
    const text = [...rows('7'), '8 19970105 1 3.00', ...rows('7').slice(0, 30), ...rows('7')].join('\n');
    const { bytes, general } = await bothRoads(`${text}\n`, 'cdnow');
    expect(bytes).toEqual(general);
    if (!('counts' in bytes)) throw new Error(bytes.error);
    // The 30 rows after customer 8 restart the counts (all repeats); the last 80 continue them:
    // the first 15 dates' rows become 3rd and 4th orders, the other 25 dates' rows repeats.
    expect(bytes.counts.duplicates).toBe(30 + 50);
    expect(bytes.counts.accepted).toBe(80 + 1 + 30);
  });

  it('finds a customer coming back in every way a file can bring them back, as the general road does', async () => {
    // Each file brings customer 2 back once; the ids of their first run are noted only then.
    const files: Record<string, string[]> = {
      'after the newest customer': ['1 19970101 1 5', '2 19970101 1 5', '3 19970101 1 x', '2 19970101 1 7'],
      'after a run whose rows were all rejected': ['2 19970101 1 5', '4 19970101 1 abc', '2 19970101 1 6'],
      'with the first row of the return rejected': [
        '2 19970101 1 5',
        '1 19970102 1 5',
        '2 19970101 1 -',
        '2 19970101 1 8',
      ],
      'after rows only the general checks read': [
        'é 19970101 1 5',
        '2 19970101 1 5',
        'é 19970101 1 5',
        '2 19970101 1 9',
      ],
      'sorted by day, not customer': [
        '1 19970101 1 5',
        '2 19970101 1 5',
        '1 19970101 1 5',
        '2 19970101 1 5',
        '1 19970102 1 5',
      ],
      'on a later day only (no repeat)': ['2 19970101 1 5', '1 19970101 1 5', '2 19970301 1 5'],
    };
    for (const [name, lines] of Object.entries(files)) {
      // A late row of another customer, so the histories compared are January's, spend included.
      const { bytes, general } = await bothRoads(
        `${[...lines, '999999 19970401 1 5'].join('\n')}\n`,
        'cdnow',
      );
      expect(bytes, name).toEqual(general);
    }
    const sorted = await bothRoads(`${files['sorted by day, not customer']?.join('\n')}\n`, 'cdnow');
    expect(sorted.bytes).toMatchObject({ counts: { duplicates: 2 } });
  });

  it('names every row right when a row only the general checks read falls where the row numbers grow', async () => {
    // 65,536 customers of one row each fill the reader's first table of row numbers exactly; a
    // row the general checks take comes next, then a customer with two orders on one day, then
    // the first customer comes back, which makes every row so far be named.
    const lines = Array.from({ length: 65_536 }, (_, i) => `${i + 1} 19970101 1 5`);
    // An amount of 16 digits is not plain: the general checks read (and accept) that row.
    lines.push(
      '800000 19970101 1 5.000000000000001',
      '900000 19970102 1 5',
      '900000 19970102 1 6',
      '1 19970101 1 5',
      '999999 19970301 1 5', // so the histories compared are those of January, spend included
    );
    const { bytes, general } = await bothRoads(`${lines.join('\n')}\n`, 'cdnow');
    expect(bytes).toEqual(general);
    expect(bytes).toMatchObject({ counts: { duplicates: 1, accepted: 65_540 } });
  });

  it('reads the CDNOW sample (no header) and refuses an empty file, as the general road does', async () => {
    const sample = [
      '00001 00001 19970101 1 11.77',
      '00001 00001 19970101 2 9.99',
      '00002 00002 19970112 1 12.00',
    ];
    for (const text of [`${sample.join('\n')}\n`, '', '\n \n']) {
      const { bytes, general } = await bothRoads(text, 'cdnow');
      expect(bytes).toEqual(general);
    }
  });
});

describe('OrderHistories.recencies', () => {
  it('gives every customer the x, t_x, T and spend their history gives', async () => {
    const random = randomSource(17);
    const rows: string[] = [];
    for (let i = 0; i < 3_000; i++) {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 400) * 86_400_000);
      rows.push(
        `o${i},c${Math.floor(random() * 300)},${day.toISOString().slice(0, 10)},${(random() * 100).toFixed(2)},,,`,
      );
    }
    const histories = await readOrderFile(
      chunks(Buffer.from(`${HEADER}\n${rows.join('\n')}\n`), () => 4096),
      'csv',
      settings,
    );
    const asOf = epochDay('2024-09-01');
    const columns = histories.recencies(asOf);
    const expected = [...histories.at(asOf)]
      .map((e) => e.history)
      .filter((h) => h.purchaseDays.length > 0)
      .map((h) => ({
        x: h.purchaseDays.length - 1,
        txDays: (h.purchaseDays.at(-1) as number) - (h.purchaseDays[0] as number),
        TDays: asOf - (h.purchaseDays[0] as number),
        spend: h.spend,
        firstDaySpend: h.firstDaySpend,
      }));
    const actual = Array.from({ length: columns.length }, (_, i) => ({
      x: columns.x[i],
      txDays: columns.txDays[i],
      TDays: columns.TDays[i],
      spend: columns.spend[i],
      firstDaySpend: columns.firstDaySpend[i],
    }));
    expect(actual).toEqual(expected);
    expect(columns.length).toBeLessThan(histories.customers); // some only bought after the day
  });
});

describe('Function: readOrderFile (one order id repeated throughout)', () => {
  it('counts 200,000 rows of one order id as one order and 199,999 repeats, past every growth of its tables, in one pass', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `same,c${i % 7},2024-01-05,10`);
    const text = `order_id,customer_id,ordered_at,amount\n${rows.join('\n')}\n`;
    const started = performance.now();
    const histories = await readOrderFile(
      chunks(Buffer.from(text), () => 1 << 16),
      'csv',
      settings,
    );
    expect(histories.counts).toMatchObject({ rows: 200_000, accepted: 1, duplicates: 199_999 });
    expect(histories.customers).toBe(1);
    // Comparing each repeat with every earlier one would take minutes here.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
