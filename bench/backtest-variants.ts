/**
 * `npm run bench:variants`: the CDNOW backtest (calibration to 1997-09-30, holdout to 1998-06-30,
 * weeks) of the default model against the candidate in `gompertz-lifetime.ts`, on the sample and
 * on master with the same settings — the figures behind docs/scoring.md's variants table.
 *
 * - Pareto/NBD: the product's default, as `reactivate backtest` fits it.
 * - + order value: the purchase rate shifted by the customer's mean value per purchase day in
 *   the calibration period, ln(1 + value) standardised (weight γ fitted).
 * - + Gompertz lifetime: the drop-out hazard may rise or fall with age (slope b fitted).
 * - both.
 *
 * Every extra parameter is fitted by maximum likelihood on the calibration period; nothing is
 * chosen by looking at the holdout.
 */
import { auc } from '../functions/domain/scoring/backtest.js';
import {
  type CovariateFitData,
  fitGompertzNbd,
  type GompertzNbdParameters,
  gompertzNbdExpected,
} from '../functions/domain/scoring/gompertz-lifetime.js';
import { paretoNbdExpected } from '../functions/domain/scoring/pareto-nbd.js';
import { CDNOW_FILES, cdnowBacktest, HOLDOUT } from './cdnow-backtest.js';

/** Covariate values are rounded to this step, so customers still share fit rows. */
const Z_STEP = 0.05;

const f = (n: number, d: number) => n.toFixed(d);

async function backtest(file: string) {
  const { name, cohort, calibrationHistories, calibration, pareto, quiet } = await cdnowBacktest(file);
  const value = calibrationHistories.map((h) => Math.log1p(h.spend / h.purchaseDays.length));
  const mean = value.reduce((s, v) => s + v, 0) / value.length;
  const sd = Math.sqrt(value.reduce((s, v) => s + (v - mean) ** 2, 0) / value.length);
  const z = value.map((v) => Math.round((v - mean) / sd / Z_STEP) * Z_STEP);

  // Rows of distinct (x, t_x, T, z) with their counts.
  const rows = new Map<string, { x: number; tx: number; T: number; z: number; weight: number }>();
  cohort.forEach((c, i) => {
    const key = `${c.x}|${c.tx}|${c.T}|${z[i]}`;
    const row = rows.get(key);
    if (row) row.weight++;
    else rows.set(key, { x: c.x, tx: c.tx, T: c.T, z: z[i] as number, weight: 1 });
  });
  const list = [...rows.values()];
  const withCovariate: CovariateFitData = {
    x: Float64Array.from(list, (r) => r.x),
    tx: Float64Array.from(list, (r) => r.tx),
    T: Float64Array.from(list, (r) => r.T),
    z: Float64Array.from(list, (r) => r.z),
    weight: Float64Array.from(list, (r) => r.weight),
    customers: cohort.length,
  };
  // Without the covariate, customers share rows by (x, t_x, T) alone: the rows Pareto/NBD is fitted on.
  const withoutCovariate: CovariateFitData = { ...calibration, z: new Float64Array(calibration.x.length) };

  const actual = cohort.reduce((s, c) => s + c.holdoutPurchases, 0);
  const report = (label: string, expected: number[], ll: number, seconds: number, extra = '') => {
    const total = expected.reduce((s, v) => s + v, 0);
    console.log(
      `${name.padEnd(17)} ${label.padEnd(34)} AUC ${f(
        auc(
          expected.map((v) => -v),
          quiet,
        ),
        4,
      )}  holdout ${f(total, 0).padStart(6)} of ${actual} (${f((100 * (total - actual)) / actual, 1)} %)  LL ${f(ll, 2)}  ${f(seconds, 1)} s ${extra}`,
    );
  };

  const p = pareto.params;
  report(
    'Pareto/NBD (default)',
    cohort.map((c) => paretoNbdExpected(p, HOLDOUT, c.x, c.tx, c.T)),
    pareto.logLikelihood,
    pareto.seconds,
  );
  const variants = [
    { label: '+ order value', slope: false, covariate: true },
    { label: '+ Gompertz lifetime', slope: true, covariate: false },
    { label: '+ Gompertz lifetime + order value', slope: true, covariate: true },
  ];
  for (const { label, slope, covariate } of variants) {
    const started = performance.now();
    const fit = fitGompertzNbd(covariate ? withCovariate : withoutCovariate, p, { slope, covariate });
    const g: GompertzNbdParameters = fit.params;
    report(
      label,
      cohort.map((c, i) => gompertzNbdExpected(g, HOLDOUT, c.x, c.tx, c.T, covariate ? (z[i] as number) : 0)),
      fit.logLikelihood,
      (performance.now() - started) / 1000,
      `b ${f(g.b, 4)} γ ${f(g.gamma, 3)}${fit.converged ? '' : ' (not converged)'}`,
    );
  }
}

for (const file of CDNOW_FILES) await backtest(file);
