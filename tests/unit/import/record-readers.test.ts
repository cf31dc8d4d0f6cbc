import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../../functions/import/line-reader.js';
import {
  ImportFileError,
  readCdnowRecords,
  readCsvRecords,
  readJsonLines,
  type SourceRecord,
} from '../../../functions/import/record-readers.js';

async function all(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}
const linesOf = (text: string) =>
  readLines(
    (async function* () {
      yield Buffer.from(text);
    })(),
  );

describe('Function: readCsvRecords', () => {
  it('maps fields to the header, keeping quoted commas and newlines in one record', async () => {
    const records = await all(
      readCsvRecords(linesOf('customer_id,first_name,note\nc1,"Smith, Ann","two\nlines"\nc2,Bob,x\n'), [
        'customer_id',
      ]),
    );
    expect(records).toEqual([
      { line: 2, record: { customer_id: 'c1', first_name: 'Smith, Ann', note: 'two\nlines' } },
      { line: 4, record: { customer_id: 'c2', first_name: 'Bob', note: 'x' } },
    ]);
  });

  it('refuses the whole file when the header lacks a required column', async () => {
    await expect(all(readCsvRecords(linesOf('c1,ann@example.com\n'), ['customer_id']))).rejects.toThrow(
      new ImportFileError(
        'line 1: the header lacks customer_id; expected a first line naming the columns, e.g. customer_id',
      ),
    );
  });

  it('reports rows with the wrong number of fields by line', async () => {
    const records = await all(
      readCsvRecords(linesOf('customer_id,email\nc1\nc2,b@example.com\n'), ['customer_id']),
    );
    expect(records[0]).toEqual({ line: 2, error: 'has 1 fields; the header has 2' });
    expect(records[1]).toMatchObject({ line: 3 });
  });

  it('refuses an empty file', async () => {
    await expect(all(readCsvRecords(linesOf(''), ['customer_id']))).rejects.toThrow(/empty/);
  });
});

describe('Function: readJsonLines', () => {
  it('reads objects and reports lines that are not objects', async () => {
    const records = await all(readJsonLines(linesOf('{"a":1}\n[1]\n{oops\n\n{"__proto__":{"x":1}}\n')));
    expect(records.map((r) => ('error' in r ? `${r.line}: ${r.error.split(':')[0]}` : r.line))).toEqual([
      1,
      '2: each line must be a JSON object',
      '3: not valid JSON',
      "5: field name '__proto__' is not allowed",
    ]);
  });
});

describe('Function: readCdnowRecords', () => {
  it('reads the CDNOW master file with stable order ids for same-day purchases', async () => {
    // Prepare: the first lines of the real file
    const head = readFileSync('data/cdnow/CDNOW_master.txt', 'utf8').split('\n').slice(0, 5).join('\n');

    // Act
    const records = await all(readCdnowRecords(linesOf(head)));

    // Assess
    expect(records.map((r) => ('record' in r ? r.record.order_id : r.error))).toEqual([
      'cdnow-00001-19970101-1',
      'cdnow-00002-19970112-1',
      'cdnow-00002-19970112-2',
      'cdnow-00003-19970102-1',
    ]);
    expect(records[1]).toEqual({
      line: 3,
      record: {
        order_id: 'cdnow-00002-19970112-1',
        customer_id: '00002',
        ordered_at: '1997-01-12',
        amount: '12.00',
        currency: 'USD',
      },
    });
  });

  it('reads the 1/10 sample format (master id, sample id, date, cds, value)', async () => {
    const first = readFileSync('data/cdnow/CDNOW_sample.txt', 'utf8').split('\n')[0] as string;
    const [record] = await all(readCdnowRecords(linesOf(first)));
    expect(record).toMatchObject({ line: 1, record: { customer_id: first.trim().split(/\s+/)[0] } });
  });
});
