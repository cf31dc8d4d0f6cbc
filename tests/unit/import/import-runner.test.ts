import { describe, expect, it } from 'vitest';
import { type Rejection, runImport } from '../../../functions/import/import-runner.js';
import { readLines } from '../../../functions/import/line-reader.js';
import { readCsvRecords } from '../../../functions/import/record-readers.js';
import { REQUIRED_CUSTOMER_COLUMNS, REQUIRED_ORDER_COLUMNS } from '../../../functions/import/row-mapping.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';

const settings = {
  profileDefaults: { timeZone: 'UTC' },
  currency: { base: 'USD', rates: {} },
  clock: () => new Date('2026-11-23T12:00:00Z'),
};

async function importCsv(store: InMemoryStore, kind: 'customers' | 'orders', csv: string | Buffer) {
  const rejections: Rejection[] = [];
  const lines = readLines(
    (async function* () {
      yield Buffer.isBuffer(csv) ? csv : Buffer.from(csv);
    })(),
  );
  const records = readCsvRecords(
    lines,
    kind === 'customers' ? REQUIRED_CUSTOMER_COLUMNS : REQUIRED_ORDER_COLUMNS,
  );
  const counts = await runImport(
    kind,
    records,
    { customers: store, ledger: store, settings },
    {
      chunkSize: 2,
      onRejection: (r) => rejections.push(r),
    },
  );
  // Rows refused while reading are reported before those refused in a written chunk.
  return { counts, rejections: rejections.sort((a, b) => a.line - b.line) };
}

describe('Function: runImport', () => {
  it('lands every good row and reports each bad one once, with its line and reason', async () => {
    // Prepare
    const store = new InMemoryStore();
    const customers = [
      'customer_id,email,phone,first_name,time_zone,locale,email_opt_in,sms_opt_in,tier',
      'c1,ann@example.com,+14155552671,Ann,America/New_York,en-US,true,false,gold',
      'c2,not-an-email,,Bob,,,yes,no,',
      'c3,cy@example.com,555-0100,Cy,Europe/Paris,fr,1,0,',
      'c4,dee@example.com,,Dee,Mars/Base,,maybe,0,',
      'c5,,,Eve,,,,,silver',
    ].join('\n');

    // Act
    const { counts, rejections } = await importCsv(store, 'customers', customers);

    // Assess
    expect(counts).toEqual({ rows: 5, accepted: 2, unchanged: 0, rejected: 3 });
    expect(rejections).toEqual([
      { line: 3, reasons: ['email: is not a valid email address'] },
      { line: 4, reasons: [expect.stringMatching(/^phone: '555-0100' is not a valid E\.164 number/)] },
      {
        line: 5,
        reasons: [
          "email_opt_in: 'maybe' is not true or false",
          "time_zone: 'Mars/Base' is not an IANA time zone (e.g. Europe/Berlin)",
        ],
      },
    ]);
    expect(store.customers.get('c1')).toMatchObject({
      consent: { email: true, sms: false },
      attributes: { tier: 'gold' },
      timeZone: 'America/New_York',
    });
    expect(store.customers.get('c5')).toMatchObject({
      timeZone: 'UTC',
      consent: { email: false, sms: false },
    });
  });

  it('imports orders, refusing bad ones by line, and a second run changes nothing', async () => {
    // Prepare
    const store = new InMemoryStore();
    await importCsv(store, 'customers', 'customer_id\nc1\nc2\n');
    const orders = [
      'order_id,customer_id,ordered_at,amount,currency,categories,status',
      'o1,c1,2026-01-05T10:00:00Z,20.00,USD,books;music,',
      'o2,c1,2026-13-05,10,USD,,',
      'o3,c1,2026-02-01,-4,USD,,',
      'o4,c1,2026-02-01,abc,USD,,',
      'o5,c1,2026-02-01,5,ZZZ,,',
      'o6,ghost,2026-02-01,5,USD,,',
      'o1,c2,2026-01-05T10:00:00Z,20.00,USD,,',
      'o7,c2,2026-03-01,12.5,USD,,cancelled',
      'o8,c2,2026-03-02,7.5,usd,,',
    ].join('\n');

    // Act
    const first = await importCsv(store, 'orders', orders);
    const second = await importCsv(store, 'orders', orders);

    // Assess
    expect(first.counts).toEqual({ rows: 9, accepted: 3, unchanged: 0, rejected: 6 });
    expect(first.rejections.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(first.rejections.map((r) => r.reasons[0])).toEqual([
      "ordered_at: '2026-13-05' is not an ISO 8601 date or date-time",
      'amount: must not be negative (mark returns with status "returned")',
      "amount: 'abc' is not a number",
      "currency: 'ZZZ' is not an ISO 4217 currency code",
      'customer ghost is unknown',
      'different content',
    ]);
    expect(second.counts).toEqual({ rows: 9, accepted: 0, unchanged: 3, rejected: 6 });
    expect(store.customers.get('c1')?.stats).toMatchObject({ orders: 1, spend: 20 });
    expect(store.customers.get('c2')?.stats).toMatchObject({ orders: 1, spend: 7.5 });
  });

  it('reports an invalid UTF-8 row and keeps the rest', async () => {
    // Prepare
    const store = new InMemoryStore();
    const csv = Buffer.concat([
      Buffer.from('customer_id,first_name\nc1,Ann\nc2,'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\nc3,Cy\n'),
    ]);

    // Act
    const { counts, rejections } = await importCsv(store, 'customers', csv);

    // Assess
    expect(counts).toMatchObject({ accepted: 2, rejected: 1 });
    expect(rejections).toEqual([{ line: 3, reasons: ['line is not valid UTF-8'] }]);
  });
});
