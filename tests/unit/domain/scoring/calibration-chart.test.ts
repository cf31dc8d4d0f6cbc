import { describe, expect, it } from 'vitest';
import type { FrequencyRow } from '../../../../functions/domain/scoring/backtest.js';
import { calibrationChartSvg } from '../../../../functions/domain/scoring/calibration-chart.js';
import { xmlProblems } from '../../../support/well-formed-xml.js';

/** The CDNOW sample's BG/NBD calibration table (shared/reference §1.5). */
const CDNOW: FrequencyRow[] = [
  ['0', 1411, 0.237, 0.225],
  ['1', 439, 0.697, 0.523],
  ['2', 214, 1.393, 1.044],
  ['3', 100, 1.56, 1.52],
  ['4', 62, 2.532, 2.164],
  ['5', 38, 2.947, 2.654],
  ['6', 29, 3.862, 3.504],
  ['7+', 64, 6.359, 6.157],
].map(([frequency, customers, actualMean, expectedMean]) => ({
  frequency: frequency as string,
  customers: customers as number,
  actualMean: actualMean as number,
  expectedMean: expectedMean as number,
}));

const points = (svg: string, name: string) =>
  [...svg.matchAll(new RegExp(`<circle class="point ${name}" cx="([^"]+)" cy="([^"]+)"`, 'g'))].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);

describe('calibrationChartSvg', () => {
  it('draws actual and expected holdout means, one point per frequency group, as well-formed SVG', () => {
    const svg = calibrationChartSvg(CDNOW, 'bgnbd: calibration <vs> holdout & "means"', '39 weeks');

    expect(xmlProblems(svg)).toEqual([]);
    expect(points(svg, 'actual')).toHaveLength(8);
    expect(points(svg, 'expected')).toHaveLength(8);
    expect(svg).toMatch(/<title id="title">/);
    expect(svg).toMatch(/<desc id="desc">/);
    expect(svg).toMatch(/>actual<\/text>/);
    expect(svg).toMatch(/>expected \(model\)<\/text>/);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // Higher means lie higher (smaller y); 1-time buyers' actual above expected → smaller y.
    const actual = points(svg, 'actual');
    expect(actual[7]?.[1]).toBeLessThan(actual[0]?.[1] as number);
    expect(actual[1]?.[1]).toBeLessThan(points(svg, 'expected')[1]?.[1] as number);
  });

  it('leaves out a group without customers instead of drawing NaN', () => {
    const rows = [
      ...CDNOW.slice(0, 2),
      { frequency: '2', customers: 0, actualMean: Number.NaN, expectedMean: Number.NaN },
    ];
    const svg = calibrationChartSvg(rows, 'sparse', '10 days');
    expect(points(svg, 'actual')).toHaveLength(2);
    expect(svg).not.toMatch(/NaN/);
    expect(xmlProblems(svg)).toEqual([]);
  });
});

describe('xmlProblems (the test helper itself)', () => {
  it('finds an unclosed tag, a raw ampersand and an unquoted attribute', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg width=3></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a &amp; b</text><rect x="1"/></svg>')).toEqual([]);
  });
});
