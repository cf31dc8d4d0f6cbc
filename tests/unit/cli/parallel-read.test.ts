/**
 * Reading an order file on two threads gives what one thread gives: the same histories, counts and
 * rejections (with the file's line numbers), in every format — with repeats across the two parts,
 * customers on both sides of the split, a CDNOW customer's rows around the middle, and a quoted
 * CSV field that runs across the split.
 */
import { createReadStream, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rejection } from '../../../functions/import/import-runner.js';
import { type OrderFileFormat, readOrderFile } from '../../../functions/import/order-file-reader.js';
import type { OrderHistories } from '../../../functions/import/order-histories.js';
import { ingestSettings } from '../../../functions/use-cases/ingest-settings.js';
import { readOrderFileInParts, splitPoint } from '../../../lib/cli/parallel-read.js';

const dir = mkdtempSync(join(tmpdir(), 'reactivate-parallel-read-'));
const NOW = new Date('2025-06-01T12:00:00Z');
const defaults = { timeZone: 'UTC', currency: 'USD', exchangeRates: { EUR: 1.1 } };
const settings = ingestSettings(defaults, () => NOW);

function view(histories: OrderHistories) {
  return {
    counts: histories.counts,
    customers: histories.customers,
    days: [histories.firstDay, histories.lastDay],
    histories: [...histories.at(histories.lastDay - 20, histories.lastDay)].map((e) => ({
      customerId: e.customerId,
      history: { ...e.history, categories: e.history.categories && [...e.history.categories] },
      laterDays: e.laterDays,
    })),
  };
}

async function bothWays(name: string, text: string, format: OrderFileFormat) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const one: Rejection[] = [];
  const whole = await readOrderFile(createReadStream(file), format, settings, {
    onRejection: (r) => one.push(r),
  });
  const two: Rejection[] = [];
  const parts = await readOrderFileInParts(file, format, statSync(file).size, settings, defaults, {
    onRejection: (r) => two.push(r),
    keepRejections: 1_000_000,
    minBytes: 0,
  });
  if (!parts) throw new Error(`no split point in ${name}`);
  return { one: { ...view(whole), rejections: one }, two: { ...view(parts), rejections: two } };
}

/** Rows of every kind: plain, repeats of earlier ids (some from the other half), bad ones. */
function csvRows(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const id = i % 97 === 5 ? `o${i - 4 * (i % 13) - 400}` : `o${i}`; // repeats, near and far
    const customer = `c${(i * 7) % 300}`;
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    if (i % 53 === 0) return `${id},${customer},2024-02-30,5,,,`; // not a date
    if (i % 61 === 0) return `${id},${customer},${day},5,,,cancelled`;
    if (i % 67 === 0) return `${id},${customer},${day},5,EUR,books;music,`;
    if (i % 71 === 0) return `${id}, ${customer} ,${day},5,,,`; // the general road
    return `${id},${customer},${day},${(i % 500) / 4},,,`;
  });
}

describe('readOrderFileInParts', () => {
  it('reads a CSV file with repeats across the parts and bad rows as one thread does', async () => {
    const text = `order_id,customer_id,ordered_at,amount,currency,categories,status\n${csvRows(6_000).join('\n')}\n`;
    const { one, two } = await bothWays('mixed.csv', text, 'csv');
    expect(two).toEqual(one);
    expect(one.counts.duplicates).toBeGreaterThan(20);
    expect(one.rejections.filter((r) => r.line > 3_000).length).toBeGreaterThan(10);
  });

  it('reads a CSV file whose quoted field runs across the split as one thread does', async () => {
    const rows = csvRows(100);
    const quoted = `q1,c1,2024-03-01,5,,"${Array.from({ length: 60 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n')}",`;
    const text = `order_id,customer_id,ordered_at,amount,currency,categories,status\n${[...rows, quoted, ...rows.map((r) => r.replace(/^o/, 'p'))].join('\n')}\n`;
    const file = join(dir, 'quoted-probe.csv');
    writeFileSync(file, text);
    const split = splitPoint(file, 'csv', statSync(file).size);
    expect(text.slice(0, split?.start).split('"').length % 2).toBe(0); // the split lies inside the quote
    const { one, two } = await bothWays('quoted.csv', text, 'csv');
    expect(two).toEqual(one);
  });

  it('reads JSON Lines as one thread does', async () => {
    const lines = csvRows(4_000).map((row, i) => {
      const [order_id, customer_id, ordered_at, amount] = row.split(',');
      return i % 41 === 0
        ? '{"order_id": 5'
        : JSON.stringify({ order_id, customer_id, ordered_at, amount: Number(amount) });
    });
    const { one, two } = await bothWays('mixed.jsonl', `${lines.join('\n')}\n`, 'jsonl');
    expect(two).toEqual(one);
    expect(one.rejections.length).toBeGreaterThan(50);
  });

  it('reads CDNOW as one thread does, splitting where a customer begins', async () => {
    const lines = ['customer_id date cds dollar_value'];
    for (let c = 1; c <= 800; c++)
      for (let k = 0; k < 1 + (c % 5); k++)
        // Several rows of a customer on one day: numbered 1, 2, … — a split inside a customer would
        // restart the numbers and make repeats of them.
        lines.push(`${c} 19970${1 + (k % 2)}0${1 + (c % 9)} 1 ${(c % 40) + 0.99}`);
    const { one, two } = await bothWays('master.txt', `${lines.join('\n')}\n`, 'cdnow');
    expect(two).toEqual(one);
    expect(one.counts.accepted).toBeGreaterThan(2_000);
  });
});
