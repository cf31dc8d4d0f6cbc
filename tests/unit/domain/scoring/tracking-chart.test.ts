import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../../../functions/domain/scoring/backtest.js';
import { trackingChartSvg } from '../../../../functions/domain/scoring/tracking-chart.js';

const result = (tracking: BacktestResult['tracking']): BacktestResult => ({
  customers: 3,
  holdoutLength: 2,
  auc: {
    model: 0.7,
    recency: 0.6,
    interval95: { model: [0.6, 0.8], recency: [0.5, 0.7] },
    modelOverRecency: { difference: 0.1, interval95: [0, 0.2] },
  },
  holdout: { actual: 4, expected: 3, error: -0.25 },
  byFrequency: [],
  tracking,
});

/** The points of the n-th polyline as [x, y] pairs. */
function polyline(svg: string, n: number): [number, number][] {
  const all = [...svg.matchAll(/<polyline[^>]* points="([^"]*)"/g)].map((m) => m[1] as string);
  return (all[n] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
}

describe('trackingChartSvg', () => {
  const tracking = [
    { time: 1, actual: 0, expected: 1 },
    { time: 2, actual: 5, expected: 4 },
    { time: 3, actual: 9, expected: 10 },
    { time: 4, actual: 12, expected: 11 },
  ];
  const svg = trackingChartSvg(result(tracking), 2, 'pareto: <actual> & "expected"', 'weeks');

  it('draws the actual and the expected curve, one point per time unit, rising as the totals rise', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
    for (const n of [0, 1]) {
      const points = polyline(svg, n);
      expect(points).toHaveLength(4);
      // Later times lie further right; SVG's y grows downwards, so larger totals lie higher.
      for (let i = 1; i < points.length; i++) {
        expect((points[i] as [number, number])[0]).toBeGreaterThan((points[i - 1] as [number, number])[0]);
        expect((points[i] as [number, number])[1]).toBeLessThanOrEqual(
          (points[i - 1] as [number, number])[1],
        );
      }
    }
    // Where the curves cross, so do their points: actual below expected at t = 1, above at t = 2.
    expect(polyline(svg, 0)[0]?.[1]).toBeGreaterThan(polyline(svg, 1)[0]?.[1] as number);
    expect(polyline(svg, 0)[1]?.[1]).toBeLessThan(polyline(svg, 1)[1]?.[1] as number);
  });

  it('marks the end of the calibration period where its time falls on the axis', () => {
    const marker = /<line x1="([\d.]+)" x2="\1"[^>]*stroke-dasharray="4 4"/.exec(svg);
    const first = polyline(svg, 0)[0]?.[0] as number;
    const last = polyline(svg, 0)[3]?.[0] as number;
    // Times 1 … 4 map linearly from 0: the marker at t = 2 sits at the second point.
    expect(Number(marker?.[1])).toBeCloseTo(first + (last - first) / 3, 6);
  });

  it('escapes the title and the unit, so any model name or label keeps the SVG well-formed', () => {
    expect(svg).toContain('pareto: &#60;actual&#62; &#38; &#34;expected&#34;');
    expect(svg).not.toContain('<actual>');
    expect(svg).toContain('weeks since the first day of the data');
  });

  it('draws an empty or all-zero backtest without dividing by zero', () => {
    const flat = trackingChartSvg(result([{ time: 1, actual: 0, expected: 0 }]), 0, 't', 'days');
    expect(flat).not.toMatch(/NaN|Infinity/);
    expect(trackingChartSvg(result([]), 0, 't', 'days')).not.toMatch(/NaN|Infinity/);
  });
});
