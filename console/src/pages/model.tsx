/**
 * The scoring model, so a marketer can see how far to trust the churn moments: which model, fitted
 * when and on whom, its parameters and warnings, the backtest kept with it — AUC against
 * recency alone with 95 % intervals, the holdout forecast against what happened, calibration by
 * frequency, and the cumulative tracking chart across calibration and holdout — and how its
 * parameters read a history: the P(alive) matrix by frequency and recency.
 */
import { api, call } from '../api/client.js';
import type { ScoringModel } from '../api/models.js';
import { Async, useLoad, useTitle } from '../components/async.js';
import { Chart } from '../components/chart.js';
import { IntervalChart } from '../components/interval-chart.js';
import { count, instant, number, percent } from '../format.js';
import { AliveMatrixTable } from './model-alive-matrix.js';

type Backtest = NonNullable<ScoringModel['backtest']>;

const MODEL_NAMES: Record<string, string> = {
  pareto: 'Pareto/NBD',
  bgnbd: 'BG/NBD',
  mbgnbd: 'MBG/NBD',
};

const auc = (n: number) => n.toFixed(3);

/** The model's time unit, plural. */
const units = (unitDays: number) => (unitDays === 7 ? 'weeks' : `periods of ${unitDays} days`);

function verdict(b: Backtest): string {
  if (!b.auc) return 'Nobody (or everybody) bought in the holdout: there is no ranking to judge.';
  const gap = b.auc.modelOverRecency;
  const [low, high] = gap.interval95 as [number, number];
  if (low > 0)
    return `The model tells who will buy again better than recency alone: AUC ${auc(b.auc.model)} against ${auc(b.auc.recency)}, a gap of ${auc(gap.difference)} (95 %: ${auc(low)} to ${auc(high)}). Its churn moments rank customers better than "days since the last order".`;
  if (high < 0)
    return `Recency alone ranks better than the model here (AUC ${auc(b.auc.recency)} against ${auc(b.auc.model)}): treat the churn moments with care and consider another model.`;
  return `The model ranks about as well as recency alone (AUC ${auc(b.auc.model)} against ${auc(b.auc.recency)}; the gap's interval ${auc(low)} to ${auc(high)} holds 0). Its churn moments are as good as "days since the last order", and add the timing.`;
}

function AucChart({ b }: { b: Backtest }) {
  if (!b.auc) return null;
  const rows = [
    { label: 'Model', value: b.auc.model, interval: b.auc.interval95.model as [number, number] },
    { label: 'Recency alone', value: b.auc.recency, interval: b.auc.interval95.recency as [number, number] },
  ];
  const lowest = Math.min(...rows.map((r) => r.interval[0]));
  return (
    <IntervalChart
      height={200}
      label={`AUC with 95 % intervals: ${rows.map((r) => `${r.label} ${auc(r.value)} (${auc(r.interval[0])} to ${auc(r.interval[1])})`).join('; ')}`}
      valueLabel="AUC"
      // From 0.5 (a coin toss), lower when an interval reaches below it.
      axis={{ title: 'AUC', min: Math.min(0.5, Math.floor(lowest * 10) / 10), max: 1 }}
      estimates={rows}
    />
  );
}

function TrackingChart({ b }: { b: Backtest }) {
  const calibrationWeek = (Date.parse(b.calibrationEnd) - Date.parse(b.firstDay)) / (b.unitDays * 86_400_000);
  const top = Math.max(...b.tracking.map((p) => Math.max(p.actual, p.expected)), 1);
  return (
    <Chart
      label={`Cumulative repeat purchases, actual against the model's expectation, over ${b.tracking.length} periods of ${b.unitDays} days; the calibration ends at period ${calibrationWeek.toFixed(0)}`}
      config={{
        type: 'line',
        data: {
          datasets: [
            {
              label: 'Actual',
              data: b.tracking.map((p) => ({ x: p.time, y: p.actual })),
              borderColor: '#1d232b',
              pointRadius: 0,
            },
            {
              label: 'Expected by the model',
              data: b.tracking.map((p) => ({ x: p.time, y: p.expected })),
              borderColor: '#2f6db5',
              borderDash: [6, 4],
              pointRadius: 0,
            },
            {
              label: 'Calibration end',
              data: [
                { x: calibrationWeek, y: 0 },
                { x: calibrationWeek, y: top },
              ],
              borderColor: '#b5562f',
              pointRadius: 0,
            },
          ],
        },
        options: {
          scales: {
            x: {
              type: 'linear',
              title: {
                display: true,
                text: `${units(b.unitDays)} since ${b.firstDay}`,
              },
            },
            y: { beginAtZero: true, title: { display: true, text: 'cumulative repeat purchases' } },
          },
        },
      }}
    />
  );
}

/** Mean holdout purchases by calibration frequency, actual against expected (Fader, Hardie & Lee's calibration plot). */
function CalibrationChart({ rows }: { rows: NonNullable<Backtest['byFrequency']> }) {
  return (
    <>
      <Chart
        label={`Mean repeat purchases in the holdout by repeat purchases in the calibration, actual against expected: ${rows.map((r) => `${r.frequency}: ${number(r.actualMean)} actual, ${number(r.expectedMean)} expected`).join('; ')}`}
        config={{
          type: 'bar',
          data: {
            labels: rows.map((r) => r.frequency),
            datasets: [
              { label: 'Actual', data: rows.map((r) => r.actualMean), backgroundColor: '#1d232b' },
              {
                label: 'Expected by the model',
                data: rows.map((r) => r.expectedMean),
                backgroundColor: '#2f6db5',
              },
            ],
          },
          options: {
            scales: {
              x: { title: { display: true, text: 'repeat purchases in the calibration' } },
              y: { beginAtZero: true, title: { display: true, text: 'mean purchases in the holdout' } },
            },
          },
        }}
      />
      <details>
        <summary>Calibration against the holdout, as a table</summary>
        <table class="compact" data-testid="calibration">
          <thead>
            <tr>
              <th scope="col">Repeat purchases in the calibration</th>
              <th scope="col" class="num">
                Customers
              </th>
              <th scope="col" class="num">
                Mean in the holdout, actual
              </th>
              <th scope="col" class="num">
                Mean in the holdout, expected
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.frequency}>
                <th scope="row">{r.frequency}</th>
                <td class="num">{count(r.customers)}</td>
                <td class="num">{number(r.actualMean)}</td>
                <td class="num">{number(r.expectedMean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function ModelBody({ m }: { m: ScoringModel }) {
  const b = m.backtest;
  return (
    <>
      <dl class="figures" data-testid="model">
        <div>
          <dt>Model</dt>
          <dd>
            {MODEL_NAMES[m.transaction.model] ?? m.transaction.model} {m.version}
          </dd>
        </div>
        <div>
          <dt>Data up to</dt>
          <dd>{m.asOf}</dd>
        </div>
        <div>
          <dt>Fitted on</dt>
          <dd>
            {count(m.customers)} customers, {instant(m.fittedAt)}
          </dd>
        </div>
        <div>
          <dt>Churn moment when P(alive) falls below</dt>
          <dd>{percent(m.churnThreshold, 0)}</dd>
        </div>
        <div>
          <dt>Customers scored</dt>
          <dd>
            {count(m.scored)} ({count(m.unchanged)} unchanged, {count(m.skipped)} skipped)
          </dd>
        </div>
        <div>
          <dt>Fit</dt>
          <dd>
            log-likelihood {number(m.transaction.logLikelihood)}
            {m.transaction.converged ? '' : ' — did not fully converge'}
          </dd>
        </div>
      </dl>
      {m.warnings.length > 0 && (
        <ul class="warnings">
          {m.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <h2>Parameters</h2>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">Purchase process</th>
            <th scope="col" class="num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(m.transaction.params).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td class="num">{v.toPrecision(4)}</td>
            </tr>
          ))}
          {Object.entries(m.spend.params ?? {}).map(([k, v]) => (
            <tr key={`spend-${k}`}>
              <th scope="row">spend {k} (Gamma-Gamma)</th>
              <td class="num">{v.toPrecision(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>How far to trust it: the backtest</h2>
      {!b ? (
        <p>No backtest: {m.backtestSkipped ?? 'this model was fitted before backtests were kept'}.</p>
      ) : (
        <>
          <p>
            The same model fitted on the data up to {b.calibrationEnd}, asked who would buy again up to{' '}
            {b.holdoutEnd}, and judged on what {count(b.customers)} customers did
            {b.sampledFrom ? ` (an even sample of ${count(b.sampledFrom)})` : ''}.
          </p>
          <p data-testid="verdict">{verdict(b)}</p>
          <div class="two-columns">
            <AucChart b={b} />
            <dl class="figures">
              <div>
                <dt>Repeat purchases in the holdout</dt>
                <dd>
                  {count(b.holdout.actual)} actual, {number(b.holdout.expected)} expected
                </dd>
              </div>
              <div>
                <dt>Forecast error</dt>
                <dd>{b.holdout.error === null ? '—' : percent(b.holdout.error)}</dd>
              </div>
            </dl>
          </div>
          {b.byFrequency && b.byFrequency.length > 0 && (
            <>
              <h3>Calibration against the holdout, by frequency</h3>
              <p>
                Customers grouped by their repeat purchases up to {b.calibrationEnd}: how many they made on
                average up to {b.holdoutEnd}, against what the model expected of them.
              </p>
              <CalibrationChart rows={b.byFrequency} />
            </>
          )}
          <h3>Tracking: cumulative repeat purchases</h3>
          <TrackingChart b={b} />
        </>
      )}
      {m.aliveMatrix && b && (
        <>
          <h2>How it reads a history: P(alive) by frequency and recency</h2>
          <p>
            Frequent buyers who bought recently are alive; frequent buyers silent for long are not — the more
            regular the habit, the sooner a silence counts. With no repeat purchase the last purchase is the
            first, so the first row is the same throughout.
          </p>
          <AliveMatrixTable
            matrix={m.aliveMatrix}
            threshold={m.churnThreshold}
            unit={units(m.unitDays)}
            from={b.firstDay}
            to={m.asOf}
          />
        </>
      )}
    </>
  );
}

export function ModelPage() {
  useTitle('Scoring model');
  const state = useLoad(() => call(api.GET('/v1/scoring-model')), []);
  return (
    <section>
      <h1>Scoring model</h1>
      <Async state={state}>{(m) => <ModelBody m={m} />}</Async>
    </section>
  );
}
