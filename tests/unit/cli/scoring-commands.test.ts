/** `fit`, `score` and `backtest` as the CLI calls them, on small files and the CDNOW sample. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lib/cli/import-command.js';
import { backtestCommand, fitCommand, scoreCommand } from '../../../lib/cli/scoring-commands.js';
import { CDNOW_SAMPLE } from '../../support/order-files.js';
import { xmlProblems } from '../../support/well-formed-xml.js';

const dir = mkdtempSync(join(tmpdir(), 'reactivate-scoring-commands-'));
const out = { json: true, interactive: false };
const cdnow = { orders: CDNOW_SAMPLE, format: 'cdnow' as const };

function ordersFile(name: string, rows: [string, string, number][]): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    ['order_id,customer_id,ordered_at,amount', ...rows.map(([c, d, a], i) => `o${i},${c},${d},${a}`)].join(
      '\n',
    ),
  );
  return file;
}

function jsonFile(name: string, document: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(document));
  return file;
}

/** A customer who bought on two days, and one who bought once. */
const ONE_REPEAT_BUYER = ordersFile('one-customer.csv', [
  ['c1', '2024-01-05', 10],
  ['c1', '2024-02-05', 20],
]);
/** Three customers, one order each. */
const ONE_ORDER_EACH = ordersFile('one-order-each.csv', [
  ['c1', '2024-01-05', 10],
  ['c2', '2024-02-05', 20],
  ['c3', '2024-03-01', 5],
]);

const PUBLISHED_BGNBD = {
  model: 'bgnbd',
  timeUnit: 'week',
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
};

describe('fitCommand', () => {
  it('reports standard errors and log-scale 95 % intervals with the parameters', async () => {
    const result = await fitCommand({ ...cdnow, calibrationEnd: '1997-09-30', model: 'bgnbd' }, out);

    expect(result.standardErrors?.r).toBeCloseTo(0.012557, 5);
    expect(result.standardErrors?.b).toBeCloseTo(0.7054, 3);
    const [low, high] = (result.intervals as Record<string, [number, number]>).alpha as [number, number];
    const alpha = (result.params as { alpha: number }).alpha;
    expect(low).toBeLessThan(alpha);
    expect(high).toBeGreaterThan(alpha);
  });

  it("gives Gamma-Gamma's standard errors too", async () => {
    const result = await fitCommand({ ...cdnow, calibrationEnd: '1997-09-30', model: 'gg' }, out);
    expect(Object.keys(result.standardErrors ?? {})).toEqual(['p', 'q', 'gamma']);
    expect(Object.values(result.standardErrors ?? {}).every((v) => v > 0)).toBe(true);
  });

  it('gives P(n repeat purchases in t) for a new customer with --purchases-in, summing to 1 with the rest', async () => {
    const result = await fitCommand(
      { ...cdnow, calibrationEnd: '1997-09-30', model: 'pareto', purchasesIn: 52, maxPurchases: 5 },
      out,
    );

    const table = result.purchaseCounts;
    expect(table?.time).toBe(52);
    expect(table?.probabilities.map((p) => p.purchases)).toEqual([0, 1, 2, 3, 4, 5]);
    const total =
      (table?.probabilities ?? []).reduce((s, p) => s + p.probability, 0) + (table?.moreThanMax ?? 0);
    expect(total).toBeCloseTo(1, 9);
    expect(table?.moreThanMax).toBeGreaterThan(0);
  });

  it('refuses --purchases-in for the spend model', async () => {
    await expect(fitCommand({ ...cdnow, model: 'gg', purchasesIn: 52 }, out)).rejects.toThrow(
      /--purchases-in and --matrix need a transaction model/,
    );
  });

  it('refuses Gamma-Gamma when fewer than two repeat buyers spent anything, rather than failing inside the fit', async () => {
    const file = ordersFile('free-repeat.csv', [
      ['c1', '2024-01-05', 10],
      ['c1', '2024-02-05', 20],
      ['c2', '2024-01-07', 10],
      ['c2', '2024-03-05', 0],
    ]);
    await expect(fitCommand({ orders: file, model: 'gg' }, out)).rejects.toThrow(UsageError);
    await expect(fitCommand({ orders: file, model: 'gg' }, out)).rejects.toThrow(/one did/);
  });

  it.each(['bgnbd', 'mbgnbd', 'pareto'] as const)(
    'refuses to fit %s to one customer or to customers who never bought twice',
    async (model) => {
      await expect(fitCommand({ orders: ONE_REPEAT_BUYER, model }, out)).rejects.toThrow(UsageError);
      await expect(fitCommand({ orders: ONE_REPEAT_BUYER, model }, out)).rejects.toThrow(
        /needs at least two/,
      );
      await expect(fitCommand({ orders: ONE_ORDER_EACH, model }, out)).rejects.toThrow(
        /none of the 3 customers bought on a second day/,
      );
    },
  );
});

describe('scoreCommand --params', () => {
  it('scores at the saved parameters without fitting, and says how well they fit', async () => {
    const params = jsonFile('published.json', PUBLISHED_BGNBD);

    const run = await scoreCommand({ ...cdnow, asOf: '1997-09-30', params }, out);

    expect(run.model.transaction.model).toBe('bgnbd');
    expect(run.model.transaction.params).toEqual(PUBLISHED_BGNBD.params);
    // At the rounded published parameters: near the optimum (−9582.43), a little below the fit's.
    const fit = await fitCommand({ ...cdnow, calibrationEnd: '1997-09-30', model: 'bgnbd' }, out);
    expect(run.model.transaction.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(run.model.transaction.logLikelihood).toBeLessThan(fit.logLikelihood);
  });

  it("takes 'fit --json' as it is, and the same parameters in days give the same scores", async () => {
    const fit = await fitCommand({ ...cdnow, calibrationEnd: '1997-09-30', model: 'bgnbd' }, out);
    const params = jsonFile('fit.json', fit);

    const inWeeks = [...(await scoreCommand({ ...cdnow, asOf: '1997-09-30', params }, out)).rows];
    const inDays = [
      ...(await scoreCommand({ ...cdnow, asOf: '1997-09-30', params, timeUnit: 'day' }, out)).rows,
    ];

    expect(inWeeks).toHaveLength(2357);
    for (let i = 0; i < inWeeks.length; i += 97) {
      expect(inDays[i]?.scores.pAlive).toBeCloseTo(inWeeks[i]?.scores.pAlive as number, 5);
      expect(inDays[i]?.scores.clv365Days).toBeCloseTo(inWeeks[i]?.scores.clv365Days as number, 3);
    }
  });

  it('scores a single customer at saved parameters, with no NaN anywhere', async () => {
    const params = jsonFile('published-2.json', PUBLISHED_BGNBD);
    const rows = [...(await scoreCommand({ orders: ONE_REPEAT_BUYER, params }, out)).rows];
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/NaN|null,"pAlive"/);
    expect(rows[0]?.scores.pAlive).toBeGreaterThan(0);
  });

  it('refuses a file for another model than --model, and non-positive parameters', async () => {
    const params = jsonFile('published-3.json', PUBLISHED_BGNBD);
    await expect(scoreCommand({ ...cdnow, params, model: 'pareto' }, out)).rejects.toThrow(
      /holds bgnbd parameters but --model is pareto/,
    );
    const zero = jsonFile('zero.json', { ...PUBLISHED_BGNBD, params: { ...PUBLISHED_BGNBD.params, b: 0 } });
    await expect(scoreCommand({ ...cdnow, params: zero }, out)).rejects.toThrow(UsageError);
  });

  it('refuses to fit one customer or one-order customers without --params', async () => {
    await expect(scoreCommand({ orders: ONE_REPEAT_BUYER }, out)).rejects.toThrow(/needs at least two/);
    await expect(scoreCommand({ orders: ONE_ORDER_EACH }, out)).rejects.toThrow(/bought on a second day/);
  });
});

describe('backtestCommand --params', () => {
  it('backtests the saved parameters instead of a fit on the calibration period', async () => {
    const params = jsonFile('published-4.json', PUBLISHED_BGNBD);

    const report = await backtestCommand(
      { ...cdnow, calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', params },
      out,
    );

    expect(report.model).toBe('bgnbd');
    expect(report.params).toEqual(PUBLISHED_BGNBD.params);
    // The BG/NBD conditional expectations at the published parameters sum to 1,653.4 (§1.5, from
    // lifetimes' summary file, whose times are rounded to 2 decimals).
    expect(Math.abs(report.holdout.expected - 1653.4)).toBeLessThan(1);
  });

  it('refuses a cohort of one customer', async () => {
    await expect(
      backtestCommand(
        { orders: ONE_REPEAT_BUYER, calibrationEnd: '2024-01-20', holdoutEnd: '2024-03-31' },
        out,
      ),
    ).rejects.toThrow(/needs at least two/);
  });

  it('refuses a calibration period in which nobody bought twice', async () => {
    const file = ordersFile('holdout-only-repeats.csv', [
      ['c1', '2024-01-05', 10],
      ['c2', '2024-01-06', 20],
      ['c1', '2024-03-01', 5],
    ]);
    await expect(
      backtestCommand({ orders: file, calibrationEnd: '2024-01-31', holdoutEnd: '2024-03-31' }, out),
    ).rejects.toThrow(/bought on a second day/);
  });
});

describe('scoreCommand --clv-months', () => {
  it('adds the discounted CLV over the horizon and leaves the other scores as they were', async () => {
    const plain = [...(await scoreCommand({ ...cdnow, asOf: '1997-09-30', model: 'bgnbd' }, out)).rows];
    const run = await scoreCommand(
      { ...cdnow, asOf: '1997-09-30', model: 'bgnbd', clvMonths: 12, discountRate: 0 },
      out,
    );
    const rows = [...run.rows];

    expect(rows.map((r) => r.scores.clv365Days)).toEqual(plain.map((r) => r.scores.clv365Days));
    for (const row of rows.slice(0, 50)) {
      expect(row.discountedClv?.months).toBe(12);
      // Undiscounted, a year of months is the one-year CLV (365.25 days against 365).
      expect(row.discountedClv?.value).toBeCloseTo(row.scores.clv365Days, 0);
      expect(row.discountedClv?.value).toBeGreaterThanOrEqual(row.scores.clv365Days);
    }
  });

  it("discounts at lifetimes' 1 % a month unless told otherwise", async () => {
    const rows = [
      ...(await scoreCommand({ ...cdnow, asOf: '1997-09-30', model: 'bgnbd', clvMonths: 12 }, out)).rows,
    ];
    expect(rows[0]?.discountedClv?.discountRate).toBe(0.01);
    expect(rows[0]?.discountedClv?.value).toBeLessThan(rows[0]?.scores.clv365Days as number);
  });

  it.each([
    [{ clvMonths: 12, discountRate: -1 }, /above −1/],
    [{ clvMonths: 12, discountRate: Number.NaN }, /finite number/],
    [{ clvMonths: 0 }, /whole number of months/],
    [{ discountRate: 0.01 }, /--discount-rate needs --clv-months/],
  ])('refuses %o with exit 2 (UsageError)', async (horizon, message) => {
    const attempt = scoreCommand({ ...cdnow, ...horizon }, out);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(scoreCommand({ ...cdnow, ...horizon }, out)).rejects.toThrow(message);
  });
});

describe('the charts from the CLI', () => {
  it('fit --matrix writes the P(alive) matrix: a row per repeat purchase count up to the most in the data', async () => {
    const file = join(dir, 'matrix.svg');

    const result = await fitCommand(
      { ...cdnow, calibrationEnd: '1997-09-30', model: 'bgnbd', matrix: file },
      out,
    );

    const svg = readFileSync(file, 'utf8');
    expect(result.matrix).toBe(file);
    expect(xmlProblems(svg)).toEqual([]);
    // CDNOW sample at 1997-09-30: at most 29 repeat purchase days (30 rows), T up to 38.9 weeks (39 columns).
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(30 * 39);
    expect(svg).not.toMatch(/NaN/);
    await expect(fitCommand({ ...cdnow, model: 'gg', matrix: file }, out)).rejects.toThrow(
      /need a transaction model/,
    );
  });

  it('backtest --calibration-chart writes actual vs expected holdout means by calibration frequency', async () => {
    const file = join(dir, 'calibration.svg');

    const report = await backtestCommand(
      {
        ...cdnow,
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
        model: 'bgnbd',
        calibrationChart: file,
      },
      out,
    );

    const svg = readFileSync(file, 'utf8');
    expect(report.calibrationChart).toBe(file);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<circle class="point actual"/g)).toHaveLength(report.byFrequency.length);
    expect(svg.match(/<circle class="point expected"/g)).toHaveLength(report.byFrequency.length);
    expect(svg).not.toMatch(/NaN/);
  });
});
