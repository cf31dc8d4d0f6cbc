/**
 * Calibration against the holdout as a self-contained SVG, like lifetimes'
 * `plot_calibration_purchases_vs_holdout_purchases`: customers grouped by their repeat purchases
 * in the calibration period, and per group the mean purchases actually made in the holdout next
 * to the mean the model expected. Where the two lines part, the model misjudges that kind of
 * customer (CDNOW: every model under-forecasts the one-time buyers' Christmas).
 */
import type { FrequencyRow } from './backtest.js';
import { chartOpening, escapeXml } from './svg-parts.js';

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 20, top: 50, bottom: 60 };
const ACTUAL = '#222222';
const EXPECTED = '#d62728';

export function calibrationChartSvg(rows: readonly FrequencyRow[], title: string, holdout: string): string {
  const maxValue = Math.max(
    1,
    ...rows.flatMap((r) => [r.actualMean, r.expectedMean].filter(Number.isFinite)),
  );
  const step = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, rows.length);
  const x = (i: number) => MARGIN.left + (i + 0.5) * step;
  const y = (v: number) => HEIGHT - MARGIN.bottom - (v / maxValue) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  // A group without customers has no mean (NaN): it gets no point rather than a broken line.
  const drawn = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.customers > 0);
  const series = (key: 'actualMean' | 'expectedMean', colour: string, dash: string, name: string) => [
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${drawn.map(({ r, i }) => `${x(i).toFixed(1)},${y(r[key]).toFixed(1)}`).join(' ')}"/>`,
    ...drawn.map(
      ({ r, i }) =>
        `<circle class="point ${name}" cx="${x(i).toFixed(1)}" cy="${y(r[key]).toFixed(1)}" r="4" fill="${colour}"><title>${escapeXml(`${r.frequency} calibration purchases (${r.customers} customers): ${name} ${r[key].toFixed(3)}`)}</title></circle>`,
    ),
  ];
  const ticks = Array.from({ length: 6 }, (_, i) => (maxValue * i) / 5);
  const description = `Mean holdout purchases, actual and expected, for customers grouped by their repeat purchases in the calibration period (${rows.map((r) => r.frequency).join(', ')})`;
  return [
    ...chartOpening(WIDTH, HEIGHT, title, description, WIDTH / 2),
    ...ticks.map(
      (v) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eee"/><text x="${MARGIN.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(1)}</text>`,
    ),
    ...rows.map(
      (r, i) =>
        `<text x="${x(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeXml(r.frequency)}</text>`,
    ),
    ...series('actualMean', ACTUAL, '', 'actual'),
    ...series('expectedMean', EXPECTED, ' stroke-dasharray="6 3"', 'expected'),
    `<text x="${WIDTH / 2}" y="${HEIGHT - 16}" text-anchor="middle">repeat purchases in the calibration period</text>`,
    `<text x="16" y="${HEIGHT / 2}" transform="rotate(-90 16 ${HEIGHT / 2})" text-anchor="middle">mean purchases in the holdout (${escapeXml(holdout)})</text>`,
    `<line x1="${MARGIN.left + 20}" x2="${MARGIN.left + 50}" y1="${MARGIN.top + 10}" y2="${MARGIN.top + 10}" stroke="${ACTUAL}" stroke-width="2"/><text x="${MARGIN.left + 55}" y="${MARGIN.top + 14}">actual</text>`,
    `<line x1="${MARGIN.left + 20}" x2="${MARGIN.left + 50}" y1="${MARGIN.top + 28}" y2="${MARGIN.top + 28}" stroke="${EXPECTED}" stroke-width="2" stroke-dasharray="6 3"/><text x="${MARGIN.left + 55}" y="${MARGIN.top + 32}">expected (model)</text>`,
    '</svg>',
  ].join('\n');
}
