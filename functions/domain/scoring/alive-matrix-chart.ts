/**
 * The frequency/recency matrix of P(alive) as a self-contained SVG, like lifetimes'
 * `plot_probability_alive_matrix`: for a customer observed as long as the longest-observed one
 * (T = the data's largest T), P(alive) for each number of repeat purchases (rows) and time of
 * the last purchase (columns). It shows at a glance how a model reads a history: frequent buyers
 * who stopped recently are alive, frequent buyers who stopped long ago are not — the further a
 * customer's habit makes the silence unusual, the sooner they count as gone.
 */
import type { TransactionModel } from './models.js';
import { chartOpening, colourScaleLegend, escapeXml, scaleColour } from './svg-parts.js';

export interface AliveMatrix {
  /** T of every cell: the largest in the data. */
  T: number;
  /** Repeat purchases per row, 0 … max. */
  frequencies: number[];
  /** Time of the last purchase per column, 0 … T. */
  recencies: number[];
  /** P(alive) by [row][column]. */
  pAlive: number[][];
}

export function aliveMatrix(
  model: Pick<TransactionModel, 'pAlive'>,
  maxFrequency: number,
  T: number,
  columns: number,
): AliveMatrix {
  const frequencies = Array.from({ length: maxFrequency + 1 }, (_, x) => x);
  const recencies = Array.from({ length: columns }, (_, j) => (columns === 1 ? T : (T * j) / (columns - 1)));
  // With no repeat purchase the last purchase is the first (t_x = 0) whatever the column says.
  const pAlive = frequencies.map((x) => recencies.map((tx) => model.pAlive(x, x === 0 ? 0 : tx, T)));
  return { T, frequencies, recencies, pAlive };
}

const WIDTH = 760;
const HEIGHT = 520;
const MARGIN = { left: 70, right: 110, top: 50, bottom: 60 };

export function aliveMatrixSvg(matrix: AliveMatrix, title: string, unit: string): string {
  const rows = matrix.frequencies.length;
  const columns = matrix.recencies.length;
  const cellWidth = (WIDTH - MARGIN.left - MARGIN.right) / columns;
  const cellHeight = (HEIGHT - MARGIN.top - MARGIN.bottom) / rows;
  // Frequency grows upwards, recency to the right: the alive corner is the top right.
  const top = (row: number) => HEIGHT - MARGIN.bottom - (row + 1) * cellHeight;
  const left = (column: number) => MARGIN.left + column * cellWidth;
  const cells = matrix.pAlive.flatMap((row, i) =>
    row.map((p, j) => {
      const last =
        i === 0
          ? 'no repeat purchase'
          : `${i} repeat purchases, the last at ${(matrix.recencies[j] as number).toFixed(1)} ${unit}`;
      const label = `${last}: P(alive) ${p.toFixed(3)}`;
      return `<rect class="cell" x="${left(j).toFixed(1)}" y="${top(i).toFixed(1)}" width="${cellWidth.toFixed(2)}" height="${cellHeight.toFixed(2)}" fill="${scaleColour(p)}"><title>${escapeXml(label)}</title></rect>`;
    }),
  );
  const rowStep = Math.max(1, Math.ceil(rows / 10));
  const columnStep = Math.max(1, Math.ceil(columns / 8));
  const rowTicks = matrix.frequencies
    .filter((_, i) => i % rowStep === 0)
    .map(
      (x) =>
        `<text x="${MARGIN.left - 6}" y="${(top(x) + cellHeight / 2 + 4).toFixed(1)}" text-anchor="end">${x}</text>`,
    );
  const columnTicks = matrix.recencies
    .map((t, j) => ({ t, j }))
    .filter(({ j }) => j % columnStep === 0 || j === columns - 1)
    .map(
      ({ t, j }) =>
        `<text x="${(left(j) + cellWidth / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${Math.round(t)}</text>`,
    );
  const description = `P(alive) for a customer observed ${matrix.T.toFixed(1)} ${unit}, by repeat purchases (0 to ${rows - 1}, rows) and the time of the last purchase (0 to ${matrix.T.toFixed(1)} ${unit}, columns)`;
  return [
    ...chartOpening(WIDTH, HEIGHT, title, description, (MARGIN.left + WIDTH - MARGIN.right) / 2),
    ...cells,
    ...rowTicks,
    ...columnTicks,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 16}" text-anchor="middle">time of the last purchase (${escapeXml(unit)} after the first; T = ${matrix.T.toFixed(1)})</text>`,
    `<text x="18" y="${HEIGHT / 2}" transform="rotate(-90 18 ${HEIGHT / 2})" text-anchor="middle">repeat purchases (frequency)</text>`,
    colourScaleLegend(WIDTH - MARGIN.right + 30, MARGIN.top, HEIGHT - MARGIN.top - MARGIN.bottom, 'P(alive)'),
    '</svg>',
  ].join('\n');
}
