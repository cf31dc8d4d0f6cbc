import { describe, expect, it } from 'vitest';
import { aliveMatrix, aliveMatrixSvg } from '../../../../functions/domain/scoring/alive-matrix-chart.js';
import { betaGeometricPAlive } from '../../../../functions/domain/scoring/beta-geometric.js';
import { paretoNbdPAlive } from '../../../../functions/domain/scoring/pareto-nbd.js';
import { xmlProblems } from '../../../support/well-formed-xml.js';

const BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const bgnbd = { pAlive: (x: number, tx: number, T: number) => betaGeometricPAlive('bgnbd', BGNBD, x, tx, T) };
const pareto = { pAlive: (x: number, tx: number, T: number) => paretoNbdPAlive(PARETO, x, tx, T) };

describe('aliveMatrix', () => {
  it('gives P(alive) at the longest T for every frequency and time of the last purchase', () => {
    const matrix = aliveMatrix(bgnbd, 20, 38.86, 40);

    expect(matrix.frequencies).toHaveLength(21);
    expect(matrix.recencies).toHaveLength(40);
    expect(matrix.recencies.at(-1)).toBeCloseTo(38.86, 12);
    // A frequent buyer whose last purchase is long past is gone; one who just bought is alive.
    expect(matrix.pAlive[20]?.[0]).toBeLessThan(0.01);
    expect(matrix.pAlive[20]?.[39]).toBeGreaterThan(0.9);
    expect(matrix.pAlive[3]?.[20]).toBeCloseTo(
      betaGeometricPAlive('bgnbd', BGNBD, 3, matrix.recencies[20] as number, 38.86),
      12,
    );
    // BG/NBD keeps one-time buyers alive for ever.
    expect(matrix.pAlive[0]?.every((p) => p === 1)).toBe(true);
  });
});

describe('aliveMatrixSvg', () => {
  it.each([
    ['bgnbd', bgnbd],
    ['pareto', pareto],
  ] as const)(
    '%s: well-formed SVG with one cell per frequency and recency, a legend, no NaN',
    (name, model) => {
      const svg = aliveMatrixSvg(
        aliveMatrix(model, 29, 38.86, 39),
        `${name}: P(alive) <by> frequency & recency`,
        'weeks',
      );

      expect(xmlProblems(svg)).toEqual([]);
      expect(svg.match(/<rect class="cell"/g)).toHaveLength(30 * 39);
      expect(svg).toMatch(/<title id="title">/);
      expect(svg).toMatch(/<desc id="desc">/);
      expect(svg).toMatch(/P\(alive\)<\/text>/);
      expect(svg).toMatch(/repeat purchases \(frequency\)/);
      expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    },
  );

  it('colours alive cells light and gone cells dark', () => {
    const svg = aliveMatrixSvg(aliveMatrix(bgnbd, 20, 38.86, 40), 'bgnbd', 'weeks');
    const fills = [...svg.matchAll(/<rect class="cell"[^>]* fill="(#[0-9a-f]{6})"/g)].map(
      (m) => m[1] as string,
    );
    const lightness = (hex: string) =>
      [1, 3, 5].reduce((s, i) => s + Number.parseInt(hex.slice(i, i + 2), 16), 0);
    // Row 20 is the last row: its first cell (long gone) darker than its last (just bought).
    const row20 = fills.slice(20 * 40, 21 * 40);
    expect(lightness(row20[0] as string)).toBeLessThan(lightness(row20[39] as string));
  });
});
