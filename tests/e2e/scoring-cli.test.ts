/** `reactivate fit | score | backtest` as a user runs them: real files, real process, exit codes. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBtydOrders } from '../../bench/generate-btyd.js';
import { scoreCommand } from '../../lib/cli/scoring-commands.js';
import { reactivateCli } from '../support/cli.js';
import { CDNOW_SAMPLE } from '../support/order-files.js';
import { SMALL_SHOP_AS_OF, smallShop, smallShopCsv } from '../support/small-shop.js';

const dir = mkdtempSync(join(tmpdir(), 'reactivate-scoring-'));

const reactivate = reactivateCli;

const cdnow = ['--orders', CDNOW_SAMPLE, '--format', 'cdnow'];

describe('CLI: reactivate fit', () => {
  it('prints the BG/NBD parameters and log-likelihood as JSON', async () => {
    const { code, stdout } = await reactivate(
      'fit',
      ...cdnow,
      '--calibration-end',
      '1997-09-30',
      '--model',
      'bgnbd',
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.params.r).toBeCloseTo(0.2426, 3);
    expect(result.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(result.timeUnit).toBe('week');
  });

  it('stops with exit 2 and a clear message for an empty file, an unknown format and a date outside the data', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const cases = [
      [['fit', '--orders', empty], /empty/],
      [['fit', '--orders', join(dir, 'orders.xlsx')], /cannot tell the format/],
      [['fit', ...cdnow, '--calibration-end', '1990-01-01'], /before the first order \(1997-01-01\)/],
      [['fit', ...cdnow, '--calibration-end', '1997-13-01'], /is not a date/],
      [
        ['backtest', ...cdnow, '--calibration-end', '1998-06-30', '--holdout-end', '1998-12-31'],
        /leaves no holdout/,
      ],
      [
        ['backtest', ...cdnow, '--calibration-end', '1997-09-30', '--holdout-end', '1997-09-01'],
        /must be after/,
      ],
    ] as const;
    for (const [args, message] of cases) {
      const { code, stderr } = await reactivate(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });

  it('refuses an unknown model and a threshold outside (0, 1)', async () => {
    expect((await reactivate('fit', ...cdnow, '--model', 'magic')).code).not.toBe(0);
    const { code, stderr } = await reactivate('score', ...cdnow, '--threshold', '1.5');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/between 0 and 1/);
  });
});

describe('CLI: reactivate score', () => {
  it("scores a large file on two threads into one file in the customers' order, every customer once", async () => {
    // Prepare: 110,000 customers (over the size and count where a worker thread takes half)
    const file = join(dir, 'large.csv');
    await generateBtydOrders(file, { customers: 110_000, seed: 11 });
    const output = join(dir, 'large-scores.csv');

    // Act
    const r = await reactivate('score', '--orders', file, '--model', 'bgnbd', '--output', output);

    // Assess: the worker's half follows the main thread's, nothing lost or repeated; the model
    // (its spend and RFM parts fitted by the worker) is the one a single thread fits
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('on 2 threads');
    const alone = await scoreCommand({ orders: file, model: 'bgnbd' }, { json: true, interactive: false });
    expect(r.stderr).toContain(`(model ${alone.model.version})`);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^customer_id,segment,p_alive,/);
    const ids = lines.slice(1).map((l) => l.slice(1, l.indexOf('"', 1)));
    expect(ids).toEqual(Array.from({ length: 110_000 }, (_, i) => `C${i + 1}`));
  }, 60_000);

  it('scores every customer with finite numbers, and reports bad rows by line with exit 1', async () => {
    const orders = join(dir, 'orders.csv');
    writeFileSync(
      orders,
      [
        'order_id,customer_id,ordered_at,amount',
        'o1,alice,2024-01-05,20',
        'o2,alice,2024-02-05,25',
        'o3,alice,2024-03-01,30',
        'o4,bob,2024-01-10,99999999',
        'o5,bob,not-a-date,10',
        'o6,carol,2024-02-01,-5',
        'o7,carol,2024-02-01,12',
        'o8,carol,2024-02-01,13',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await reactivate(
      'score',
      '--orders',
      orders,
      '--as-of',
      '2024-06-01',
      '--json',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 6: .*ordered_at/);
    expect(stderr).toMatch(/line 7: .*amount/);
    const rows = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.customerId).sort()).toEqual(['alice', 'bob', 'carol']);
    for (const r of rows) {
      for (const key of ['pAlive', 'expectedPurchases365Days', 'clv365Days', 'expectedOrderValue'])
        expect(Number.isFinite(r[key])).toBe(true);
      expect(r.modelVersion).toMatch(/^[0-9a-f]{12}$/);
    }
    const carol = rows.find((r) => r.customerId === 'carol');
    expect(carol.inputs.repeatPurchases).toBe(0); // two orders on one day count once
  });

  it('writes a CSV of the CDNOW sample with one row per customer', async () => {
    const file = join(dir, 'scores.csv');
    const { code } = await reactivate('score', ...cdnow, '--as-of', '1997-09-30', '--output', file);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^customer_id,segment,p_alive,churn_moment/);
    expect(lines).toHaveLength(2358);
  });

  it("calls a small shop's monthly buyers who stopped lapsing, and says the churn moment came from their cycle", async () => {
    // Prepare: ten monthly buyers (issue 22), a third of whom stopped months ago.
    const shop = smallShop({ customers: 10 });
    const orders = join(dir, 'small-shop.csv');
    writeFileSync(orders, smallShopCsv(shop));

    // Act
    const { code, stdout, stderr } = await reactivate(
      'score',
      '--orders',
      orders,
      '--as-of',
      SMALL_SHOP_AS_OF,
    );

    // Assess
    expect(code).toBe(0);
    const [header, ...rows] = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(header?.at(-1)).toBe('churn_moment_method');
    const column = (name: string) => header?.indexOf(name) as number;
    for (const customer of shop.filter((c) => c.stopped)) {
      const row = rows.find((r) => r[0] === JSON.stringify(customer.customerId)) as string[];
      expect(row[column('churn_moment_method')]).toBe('purchase-cycle');
      expect((row[column('churn_moment')] as string) < SMALL_SHOP_AS_OF).toBe(true);
    }
    expect(stderr).toMatch(/10 customers are too few to fit pareto alone/);
    expect(stderr).not.toMatch(/pareto fit did not fully converge/);
  });
});

describe('CLI: reactivate backtest', () => {
  it('reports AUC, expected vs actual holdout purchases and writes the tracking chart', async () => {
    const chart = join(dir, 'tracking.svg');
    const { code, stdout } = await reactivate(
      'backtest',
      ...cdnow,
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1998-06-30',
      '--chart',
      chart,
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.model).toBe('pareto');
    expect(report.holdout.actual).toBe(1882);
    expect(report.auc.model).toBeGreaterThan(report.auc.recency);
    const [low, high] = report.auc.interval95.model;
    expect(low).toBeLessThan(report.auc.model);
    expect(high).toBeGreaterThan(report.auc.model);
    const gain = report.auc.modelOverRecency;
    expect(gain.difference).toBeCloseTo(report.auc.model - report.auc.recency, 12);
    expect(gain.interval95[0]).toBeLessThan(gain.difference);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>$/);
  });
});

describe('CLI: reactivate backtest --compare', () => {
  const period = ['--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30'];

  it('backtests every transaction model on the same cohort, as the single backtest does', async () => {
    const { code, stdout } = await reactivate('backtest', ...cdnow, ...period, '--compare', '--json');
    expect(code).toBe(0);
    const comparison = JSON.parse(stdout);
    expect(comparison.customers).toBe(2357);
    expect(comparison.models.map((m: { model: string }) => m.model)).toEqual(['bgnbd', 'mbgnbd', 'pareto']);
    const single = JSON.parse(
      (await reactivate('backtest', ...cdnow, ...period, '--model', 'bgnbd', '--json')).stdout,
    );
    const bgnbd = comparison.models[0];
    expect(bgnbd.auc).toEqual(single.auc);
    expect(bgnbd.holdout).toEqual(single.holdout);
    for (const m of comparison.models) expect(m.holdout.actual).toBe(1882);
    // Each model against the best-ranking one, paired: the best is 0 behind itself, the others below.
    const best = comparison.models.reduce((a: { auc: { model: number } }, b: { auc: { model: number } }) =>
      b.auc.model > a.auc.model ? b : a,
    );
    expect(best.behindBest).toEqual({ difference: 0, interval95: [0, 0] });
    for (const m of comparison.models)
      if (m !== best) {
        expect(m.behindBest.difference).toBeCloseTo(m.auc.model - best.auc.model, 12);
        expect(m.behindBest.difference).toBeLessThan(0);
      }
  });

  it('says so, with no NaN or Infinity, when nobody bought in the holdout', async () => {
    const file = join(dir, 'quiet-holdout.csv');
    writeFileSync(
      file,
      'order_id,customer_id,ordered_at,amount\no1,a,2024-01-01,10\no2,a,2024-01-20,10\no3,b,2024-01-05,20\no4,b,2024-01-25,20\no5,c,2024-03-10,5\n',
    );
    const window = ['--calibration-end', '2024-01-31', '--holdout-end', '2024-03-31'];
    for (const extra of [[], ['--compare']]) {
      const { code, stdout, stderr } = await reactivate('backtest', '--orders', file, ...window, ...extra);
      expect(code).toBe(0);
      expect(stdout).not.toMatch(/NaN|Infinity/);
      expect(stderr).toMatch(/no customer of the cohort bought in the holdout/);
    }
  });

  it('refuses --model and --chart beside --compare', async () => {
    for (const extra of [
      ['--model', 'bgnbd'],
      ['--chart', join(dir, 'x.svg')],
    ]) {
      const { code, stderr } = await reactivate('backtest', ...cdnow, ...period, '--compare', ...extra);
      expect(code).toBe(2);
      expect(stderr).toMatch(/--compare backtests every model: leave out --model, --params, --chart/);
    }
  });
});

describe('CLI output read by a pipe that closes early (`reactivate score … | head`)', () => {
  it('stops quietly, without an EPIPE stack trace', async () => {
    const child = spawn('node', ['bin/reactivate.js', 'score', ...cdnow, '--as-of', '1997-09-30', '--json']);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // Read the first chunk of scores, then hang up, as `head` does.
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = await once(child, 'close');
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('stops quietly when the closed pipe is the one its warnings go to (`2>&1 | head`)', async () => {
    // Data a year old at the calibration end: the fit warns on stderr after the result is printed.
    const file = join(dir, 'stale.csv');
    writeFileSync(
      file,
      'order_id,customer_id,ordered_at,amount\no1,a,2024-01-01,10\no2,b,2024-01-01,20\no3,a,2024-01-10,15\n',
    );
    const child = spawn('node', [
      'bin/reactivate.js',
      'fit',
      '--orders',
      file,
      '--calibration-end',
      '2024-12-31',
    ]);
    child.stderr.destroy();
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const [code] = await once(child, 'close');
    expect(stdout).toMatch(/fitted on 2 customers/);
    expect(code).toBe(0);
  });
});
