import { describe, expect, it } from 'vitest';
import { binColumns, crossValidatedScores } from '../../../bench/gradient-boosting.js';
import { auc } from '../../../functions/domain/scoring/backtest.js';
import { prng } from '../../../lib/demo/random.js';

/** Rows whose label is an interaction (XOR of two signs) plus label noise: no single column ranks them. */
function xorData(n: number, seed: number) {
  const random = prng(seed);
  const a: number[] = [];
  const b: number[] = [];
  const noise: number[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    a.push(random() - 0.5);
    b.push(random() - 0.5);
    noise.push(random());
    const truth = (a[i] as number) > 0 !== (b[i] as number) > 0;
    labels.push(random() < 0.1 ? !truth : truth);
  }
  return { columns: [a, b, noise], labels };
}

describe('binColumns', () => {
  it('keeps the order of values and gives equal values the same bin', () => {
    const [bins] = binColumns([[5, 1, 3, 3, 9, 1, 7]]);
    const values = [5, 1, 3, 3, 9, 1, 7];
    for (let i = 0; i < values.length; i++)
      for (let j = 0; j < values.length; j++) {
        if ((values[i] as number) < (values[j] as number))
          expect(bins?.[i]).toBeLessThanOrEqual(bins?.[j] as number);
        if (values[i] === values[j]) expect(bins?.[i]).toBe(bins?.[j]);
      }
  });

  it('uses at most 32 bins for many distinct values', () => {
    const [bins] = binColumns([Array.from({ length: 10_000 }, (_, i) => i)]);
    expect(Math.max(...(bins ?? []))).toBeLessThan(32);
  });
});

describe('crossValidatedScores', () => {
  it('learns an interaction no single feature shows, scoring each row without its label', () => {
    const { columns, labels } = xorData(4000, 7);
    for (const column of columns) expect(Math.abs(auc(column, labels) - 0.5)).toBeLessThan(0.05);
    const scores = crossValidatedScores(binColumns(columns), labels);
    // 10 % of labels are flipped: a perfect learner would reach about 0.9.
    expect(auc([...scores], labels)).toBeGreaterThan(0.85);
  });

  it('finds nothing in pure noise: out-of-fold scores rank at chance', () => {
    const random = prng(11);
    const columns = [Array.from({ length: 3000 }, random), Array.from({ length: 3000 }, random)];
    const labels = Array.from({ length: 3000 }, () => random() < 0.3);
    const scores = crossValidatedScores(binColumns(columns), labels);
    expect(Math.abs(auc([...scores], labels) - 0.5)).toBeLessThan(0.05);
  });

  it('gives the same scores for the same seed', () => {
    const { columns, labels } = xorData(1000, 3);
    const bins = binColumns(columns);
    expect([...crossValidatedScores(bins, labels, 5, 9)]).toEqual([
      ...crossValidatedScores(bins, labels, 5, 9),
    ]);
  });
});
