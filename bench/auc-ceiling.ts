/**
 * `npm run bench:ceiling`: how high can *any* ranking of CDNOW's customers go for "no purchase
 * in the holdout" (calibration to 1997-09-30, holdout to 1998-06-30)? The figures behind the
 * ranking target's discussion in docs/scoring.md.
 *
 * 1. A flexible classifier given the answers: gradient-boosted trees trained on the holdout's own
 *    labels, every customer scored by a model that did not see them (5-fold cross-validation),
 *    from everything the calibration period tells about a customer — recency, frequency, age,
 *    spend (total, first day, repeat mean), the regularity and the last of the gaps, purchases in
 *    the last 13 and 26 weeks, the first purchase's date — plus Pareto/NBD's own expected holdout
 *    purchases and P(alive). No model fitted on the calibration period alone can be expected to
 *    rank better than one that learned from the outcome.
 * 2. How much a 2,357-customer file's AUC moves by chance: Pareto/NBD (fitted on master) on 200
 *    random subsets of master of the sample's size.
 */
import { auc } from '../functions/domain/scoring/backtest.js';
import { paretoNbdExpected, paretoNbdPAlive } from '../functions/domain/scoring/pareto-nbd.js';
import { prng } from '../lib/demo/random.js';
import { CALIBRATION_END, CDNOW_FILES, cdnowBacktest, HOLDOUT } from './cdnow-backtest.js';
import { binColumns, crossValidatedScores, DEFAULT_BOOSTING } from './gradient-boosting.js';

const SUBSETS = 200;
const TARGET = 0.78;
/** A few tree shapes: the ceiling is the best of them (picking the best flatters it further). */
const SETTINGS = [
  { depth: 2, rounds: 400 },
  { depth: 3, rounds: 300 },
  { depth: 4, rounds: 200 },
];

const f4 = (n: number) => n.toFixed(4);

async function ceiling(file: string): Promise<{ expected: number[]; quiet: boolean[] }> {
  const { name, cohort, calibrationHistories, pareto, quiet } = await cdnowBacktest(file);
  const p = pareto.params;
  const expected = cohort.map((c) => paretoNbdExpected(p, HOLDOUT, c.x, c.tx, c.T));

  const features: Record<string, number[]> = {
    x: [],
    tx: [],
    T: [],
    recency: [],
    spend: [],
    meanValue: [],
    firstDaySpend: [],
    repeatMean: [],
    gapCv: [],
    lastGap: [],
    last13Weeks: [],
    last26Weeks: [],
    firstDay: [],
    paretoExpected: [],
    paretoAlive: [],
  };
  const push = (key: string, v: number) => (features[key] as number[]).push(v);
  cohort.forEach((c, i) => {
    const h = calibrationHistories[i];
    if (!h) throw new Error('cohort and histories differ');
    const days = h.purchaseDays;
    const gaps = days.slice(1).map((d, k) => d - (days[k] as number));
    const mean = gaps.reduce((s, g) => s + g, 0) / (gaps.length || 1);
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - mean) ** 2, 0) / (gaps.length || 1));
    push('x', c.x);
    push('tx', c.tx);
    push('T', c.T);
    push('recency', c.T - c.tx);
    push('spend', h.spend);
    push('meanValue', h.spend / days.length);
    push('firstDaySpend', h.firstDaySpend);
    push('repeatMean', c.x > 0 ? (h.spend - h.firstDaySpend) / c.x : -1);
    push('gapCv', gaps.length > 1 && mean > 0 ? sd / mean : -1);
    push('lastGap', gaps.at(-1) ?? -1);
    push('last13Weeks', days.filter((d) => d > CALIBRATION_END - 91).length);
    push('last26Weeks', days.filter((d) => d > CALIBRATION_END - 182).length);
    push('firstDay', days[0] as number);
    push('paretoExpected', expected[i] as number);
    push('paretoAlive', paretoNbdPAlive(p, c.x, c.tx, c.T));
  });
  const bins = binColumns(Object.values(features));
  const rfmOnly = binColumns(['x', 'tx', 'T', 'recency'].map((k) => features[k] as number[]));

  const line = (label: string, value: number) =>
    console.log(`${name.padEnd(17)} ${label.padEnd(72)} AUC ${f4(value)}`);
  line('recency alone', auc(features.recency as number[], quiet));
  line(
    'Pareto/NBD expected holdout purchases (the default)',
    auc(
      expected.map((v) => -v),
      quiet,
    ),
  );
  for (const [label, b] of [
    ['recency/frequency/age', rfmOnly],
    ['every feature + Pareto/NBD', bins],
  ] as const)
    for (const setting of SETTINGS) {
      const started = performance.now();
      const scores = crossValidatedScores(b, quiet, 5, 1, { ...DEFAULT_BOOSTING, ...setting });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      line(
        `trees on the answers, ${label}, depth ${setting.depth} × ${setting.rounds} (${seconds} s)`,
        auc([...scores], quiet),
      );
    }
  return { expected, quiet };
}

const [sampleFile, masterFile] = CDNOW_FILES as [string, string];
const sampleSize = (await ceiling(sampleFile)).quiet.length;
const master = await ceiling(masterFile);

const random = prng(2357);
const indexes = master.quiet.map((_, i) => i);
const aucs: number[] = [];
for (let s = 0; s < SUBSETS; s++) {
  // Partial Fisher–Yates: the first `sampleSize` positions become a uniform random subset.
  for (let k = 0; k < sampleSize; k++) {
    const j = k + Math.floor(random() * (indexes.length - k));
    [indexes[k], indexes[j]] = [indexes[j] as number, indexes[k] as number];
  }
  const subset = indexes.slice(0, sampleSize);
  aucs.push(
    auc(
      subset.map((i) => -(master.expected[i] as number)),
      subset.map((i) => master.quiet[i] as boolean),
    ),
  );
}
aucs.sort((a, b) => a - b);
const mean = aucs.reduce((s, v) => s + v, 0) / aucs.length;
const sd = Math.sqrt(aucs.reduce((s, v) => s + (v - mean) ** 2, 0) / aucs.length);
console.log(
  `Pareto/NBD on ${SUBSETS} random ${sampleSize.toLocaleString('en-US')}-customer subsets of master: AUC mean ${f4(mean)}, SD ${f4(sd)}, ` +
    `95 % between ${f4(aucs[Math.floor(0.025 * SUBSETS)] as number)} and ${f4(aucs[Math.ceil(0.975 * SUBSETS) - 1] as number)}; ` +
    `${aucs.filter((v) => v >= TARGET).length} of ${SUBSETS} reach ${TARGET}`,
);
