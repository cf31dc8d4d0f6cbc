/**
 * Customers numbered after reading must be the customers a table filled while reading numbers:
 * in the order they first appear, one number per distinct id however its rows are spread, even
 * when two ids share a hash.
 */
import { describe, expect, it } from 'vitest';
import { CustomerRuns } from '../../../functions/import/customer-runs.js';

/** The reference: each key's number is its rank of first appearance. */
function firstAppearance(keys: string[]): number[] {
  const numbers = new Map<string, number>();
  return keys.map((key) => {
    if (!numbers.has(key)) numbers.set(key, numbers.size);
    return numbers.get(key) as number;
  });
}

function resolveRows(keys: string[], expected?: number) {
  const runs = new CustomerRuns(expected);
  const rowRuns = keys.map((key) => runs.runOfString(key));
  const { customerOf, keys: table } = runs.resolve();
  const { idBytes, idStarts } = table.parts();
  const idOf = (c: number) =>
    Buffer.from(idBytes.subarray(idStarts[c] as number, idStarts[c + 1] as number)).toString('latin1');
  return { customers: rowRuns.map((run) => customerOf[run] as number), size: table.size, idOf, rowRuns };
}

describe('CustomerRuns', () => {
  it('numbers customers in the order they first appear, rows of one customer together or apart', () => {
    const keys = ['a', 'a', 'b', 'a', 'c', 'c', 'b', 'a'];
    const { customers, size, idOf, rowRuns } = resolveRows(keys);
    expect(customers).toEqual([0, 0, 1, 0, 2, 2, 1, 0]);
    expect(rowRuns).toEqual([0, 0, 1, 2, 3, 3, 4, 5]);
    expect(size).toBe(3);
    expect([0, 1, 2].map(idOf)).toEqual(['a', 'b', 'c']);
  });

  it('tells apart ids whose hashes are equal (FNV-1a collisions), in runs and apart', () => {
    const keys = [
      'costarring',
      'liquid',
      'costarring',
      'liquid',
      'liquid',
      'declinate',
      'macallums',
      'costarring',
    ];
    const { customers, size, idOf } = resolveRows(keys);
    expect(customers).toEqual(firstAppearance(keys));
    expect(size).toBe(4);
    expect([0, 1, 2, 3].map(idOf)).toEqual(['costarring', 'liquid', 'declinate', 'macallums']);
  });

  it('agrees with a table filled while reading on 50,000 rows of 6,000 ids, past its first growth', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    const ids = Array.from({ length: 6_000 }, (_, i) => `C${i}-${Math.floor(random() * 1e6)}`);
    const keys: string[] = [];
    while (keys.length < 50_000) {
      const id = ids[Math.floor(random() * ids.length)] as string;
      for (let k = 1 + Math.floor(random() * 4); k > 0; k--) keys.push(id);
    }
    const { customers, size, idOf } = resolveRows(keys, 16);
    const reference = firstAppearance(keys);
    expect(customers).toEqual(reference);
    expect(size).toBe(new Set(keys).size);
    expect(customers.map(idOf)).toEqual(keys);
  });
});
