import { describe, expect, it } from 'vitest';
import { NumberCache } from '../../../../functions/domain/scoring/number-cache.js';

describe('NumberCache', () => {
  it('finds the numbers of every key it was given, across growth, and no others', () => {
    const cache = new NumberCache(3);
    // Small keys, negative ones and keys beyond 32 bits (the scorer's packed triples).
    const keys = Array.from({ length: 50_000 }, (_, i) =>
      i % 3 === 0 ? i * 7 : i % 3 === 1 ? -(i * 2 ** 33) - 1 : i * 2 ** 20 + 5,
    );
    for (const [i, key] of keys.entries()) {
      expect(cache.find(key)).toBe(-1);
      const at = cache.add(key);
      cache.numbers.set([i, key, -i], at);
    }
    for (const [i, key] of keys.entries()) {
      const at = cache.find(key);
      expect([...cache.numbers.subarray(at, at + 3)]).toEqual([i, key, -i]);
    }
    for (const missing of [1, -2, 3 * 2 ** 33, 2 ** 20 + 4]) expect(cache.find(missing)).toBe(-1);
  });
});
