/**
 * The model's P(alive) matrix as a heatmap that is a table: a screen reader reads it cell by cell
 * with its row and column headers, and every cell prints its value, so the colour only helps the
 * eye. The scale turns at the churn threshold — warm below it (such a customer counts as lapsed),
 * blue above — and keeps every background light enough for the ink to pass WCAG AA.
 */
import type { ScoringModel } from '../api/models.js';
import { percent } from '../format.js';

type Matrix = NonNullable<ScoringModel['aliveMatrix']>;

type Rgb = [number, number, number];
/** Ends of the scale: contrast with the ink (#1d232b) 7.6:1 and 6.0:1, and white at the threshold. */
const LAPSED: Rgb = [240, 162, 122];
const THRESHOLD: Rgb = [255, 255, 255];
const ALIVE: Rgb = [111, 163, 216];

/**
 * Every channel moves one way on each side of the threshold, so no colour between the ends is
 * darker than they are: the ends' contrast holds for the whole scale.
 */
export function heatColour(p: number, threshold: number): string {
  const below = p < threshold;
  const f = below ? 1 - p / threshold : threshold >= 1 ? 1 : (p - threshold) / (1 - threshold);
  const end = below ? LAPSED : ALIVE;
  const share = Math.min(1, Math.max(0, f));
  return `#${THRESHOLD.map((c, k) =>
    Math.round(c + share * ((end[k] as number) - c))
      .toString(16)
      .padStart(2, '0'),
  ).join('')}`;
}

export function AliveMatrixTable({
  matrix,
  threshold,
  unit,
  from,
  to,
}: {
  matrix: Matrix;
  threshold: number;
  /** The model's time unit, plural ("weeks"). */
  unit: string;
  from: string;
  to: string;
}) {
  const time = (t: number) => (Number.isInteger(t) ? String(t) : t.toFixed(1));
  return (
    <table class="compact heatmap" data-testid="alive-matrix">
      <caption>
        {`P(alive) of a customer observed ${time(matrix.T)} ${unit} (${from} to ${to}), by repeat purchases and the time of the last purchase. Warm cells are below the churn threshold of ${percent(threshold, 0)}, blue cells above it.`}
      </caption>
      <thead>
        <tr>
          <td />
          <th scope="colgroup" colSpan={matrix.recencies.length}>
            Last purchase, {unit} after the first
          </th>
        </tr>
        <tr>
          <th scope="col">Repeat purchases</th>
          {matrix.recencies.map((t) => (
            <th scope="col" class="num" key={t}>
              {time(t)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.pAlive.map((row, i) => (
          <tr key={matrix.frequencies[i]}>
            <th scope="row" class="num">
              {matrix.frequencies[i]}
            </th>
            {row.map((p, j) => (
              <td class="num" key={matrix.recencies[j]} style={{ background: heatColour(p, threshold) }}>
                {percent(p, 0)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
