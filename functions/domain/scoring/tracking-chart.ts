/**
 * The cumulative tracking chart of a backtest as a self-contained SVG: actual and expected repeat
 * purchases over time, with the end of the calibration period marked. Plain SVG, no library: it
 * opens in any browser and embeds in a README.
 */
import type { BacktestResult } from './backtest.js';

const WIDTH = 720;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 20, top: 40, bottom: 50 };

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function trackingChartSvg(
  result: BacktestResult,
  calibrationEnd: number,
  title: string,
  unit: string,
): string {
  const points = result.tracking;
  const maxTime = points.at(-1)?.time ?? 1;
  const maxValue = Math.max(1, ...points.map((p) => Math.max(p.actual, p.expected)));
  const x = (t: number) => MARGIN.left + (t / maxTime) * (WIDTH - MARGIN.left - MARGIN.right);
  const y = (v: number) => HEIGHT - MARGIN.bottom - (v / maxValue) * (HEIGHT - MARGIN.top - MARGIN.bottom);
  const line = (key: 'actual' | 'expected') =>
    points.map((p) => `${x(p.time).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: 6 }, (_, i) => (maxValue * i) / 5);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    ...ticks.map(
      (v) =>
        `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`,
    ),
    `<line x1="${x(calibrationEnd)}" x2="${x(calibrationEnd)}" y1="${MARGIN.top}" y2="${HEIGHT - MARGIN.bottom}" stroke="#999" stroke-dasharray="4 4"/>`,
    `<text x="${x(calibrationEnd) + 4}" y="${MARGIN.top + 12}" fill="#666">calibration | holdout</text>`,
    `<polyline fill="none" stroke="#222" stroke-width="2" points="${line('actual')}"/>`,
    `<polyline fill="none" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3" points="${line('expected')}"/>`,
    `<text x="${WIDTH / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escapeXml(unit)} since the first day of the data</text>`,
    `<text x="16" y="${HEIGHT / 2}" transform="rotate(-90 16 ${HEIGHT / 2})" text-anchor="middle">cumulative repeat purchases</text>`,
    `<line x1="${WIDTH - 200}" x2="${WIDTH - 170}" y1="${MARGIN.top + 20}" y2="${MARGIN.top + 20}" stroke="#222" stroke-width="2"/><text x="${WIDTH - 165}" y="${MARGIN.top + 24}">actual</text>`,
    `<line x1="${WIDTH - 200}" x2="${WIDTH - 170}" y1="${MARGIN.top + 38}" y2="${MARGIN.top + 38}" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3"/><text x="${WIDTH - 165}" y="${MARGIN.top + 42}">expected (model)</text>`,
    '</svg>',
  ].join('\n');
}
