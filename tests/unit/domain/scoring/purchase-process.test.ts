import { describe, expect, it } from 'vitest';
import {
  medianWait,
  noPurchaseFrom,
  quietWhileAlive,
} from '../../../../functions/domain/scoring/purchase-process.js';

// CDNOW's BG/NBD purchase process (Fader, Hardie & Lee 2005): r = 0.243, α = 4.414 weeks.
const r = 0.243;
const alpha = 4.414;

describe('the shared purchase process', () => {
  it('stays quiet for no time with certainty, and ever less likely the longer the wait', () => {
    expect(quietWhileAlive(r, alpha, 2, 30, 0)).toBe(1);
    let previous = 1;
    for (const u of [1, 5, 20, 100, 1000]) {
      const q = quietWhileAlive(r, alpha, 2, 30, u);
      expect(q).toBeLessThan(previous);
      expect(q).toBeGreaterThan(0);
      previous = q;
    }
  });

  it('is the Lomax survival ((α+T)/(α+T+u))^(r+x)', () => {
    expect(quietWhileAlive(r, alpha, 3, 20, 10)).toBeCloseTo(((alpha + 20) / (alpha + 30)) ** (r + 3), 14);
  });

  it('puts the median wait where the quiet probability is one half', () => {
    for (const [x, at] of [
      [0, 0],
      [1, 5],
      [7, 30.4],
    ] as const) {
      const m = medianWait(r, alpha, x, at);
      expect(quietWhileAlive(r, alpha, x, at, m)).toBeCloseTo(0.5, 12);
    }
    // More purchases in the same time: a faster buyer, a shorter wait.
    expect(medianWait(r, alpha, 10, 30)).toBeLessThan(medianWait(r, alpha, 2, 30));
  });

  it('adds the dead, who never buy, to the quiet living', () => {
    const quiet = quietWhileAlive(r, alpha, 2, 30, 39);
    expect(noPurchaseFrom(1, r, alpha, 2, 30, 39)).toBeCloseTo(quiet, 14);
    expect(noPurchaseFrom(0, r, alpha, 2, 30, 39)).toBe(1);
    expect(noPurchaseFrom(0.4, r, alpha, 2, 30, 39)).toBeCloseTo(0.6 + 0.4 * quiet, 14);
  });
});
