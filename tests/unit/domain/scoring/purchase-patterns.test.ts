import { describe, expect, it } from 'vitest';
import {
  type CategoryHistory,
  lapsedCategories,
  regularity,
} from '../../../../functions/domain/scoring/purchase-patterns.js';

describe('XYZ regularity of the gaps between purchase days', () => {
  it('needs two gaps: fewer than three purchase days have no rhythm', () => {
    expect(regularity([])).toEqual({ class: null, gapCv: null });
    expect(regularity([100])).toEqual({ class: null, gapCv: null });
    expect(regularity([100, 130])).toEqual({ class: null, gapCv: null });
  });

  it('classes by the coefficient of variation: X ≤ 0.5 < Y ≤ 1 < Z', () => {
    expect(regularity([0, 30, 60, 90])).toEqual({ class: 'X', gapCv: 0 });
    // Gaps 20 and 40: mean 30, SD 10, CV 1/3.
    expect(regularity([0, 20, 60])).toMatchObject({ class: 'X' });
    expect(regularity([0, 20, 60]).gapCv).toBeCloseTo(1 / 3, 12);
    // Gaps 10 and 50: CV 2/3. Gaps 10, 10, 100: CV ≈ 1.06.
    expect(regularity([0, 10, 60])).toMatchObject({ class: 'Y' });
    expect(regularity([0, 10, 20, 120])).toMatchObject({ class: 'Z' });
    // Exactly 0.5 belongs to the steadier class: gaps 10 and 30, mean 20, SD 10.
    expect(regularity([0, 10, 40]).gapCv).toBeCloseTo(0.5, 12);
    expect(regularity([0, 10, 40]).class).toBe('X');
  });

  it('is scale-free: the same rhythm weekly or monthly gets the same class', () => {
    const weekly = regularity([0, 7, 15, 21, 30]);
    const monthly = regularity([0, 28, 60, 84, 120]);
    expect(weekly.class).toBe(monthly.class);
    expect(weekly.gapCv).toBeCloseTo(monthly.gapCv as number, 12);
  });
});

describe('lapsed categories', () => {
  const categories = (entries: Record<string, CategoryHistory>) => new Map(Object.entries(entries));

  it('names a category bought regularly, then not for twice its usual interval, while other buying went on', () => {
    // Coffee every 30 days from day 0 to 90; tea until day 200; as of day 210 coffee is 120 days quiet.
    const lapsed = lapsedCategories(
      0,
      200,
      210,
      categories({ coffee: { lastDay: 90, orders: 4 }, tea: { lastDay: 200, orders: 6 } }),
    );
    expect(lapsed).toEqual(['coffee']);
  });

  it('waits until twice the usual interval has passed', () => {
    const history = categories({ coffee: { lastDay: 90, orders: 4 }, tea: { lastDay: 140, orders: 3 } });
    expect(lapsedCategories(0, 140, 150, history)).toEqual([]); // 60 days quiet: exactly twice, not more
    expect(lapsedCategories(0, 140, 151, history)).toEqual(['coffee']);
  });

  it('leaves out categories bought once, and a customer who stopped buying altogether', () => {
    const cases: [string, number, Record<string, CategoryHistory>][] = [
      ['bought once', 200, { gift: { lastDay: 0, orders: 1 }, tea: { lastDay: 200, orders: 5 } }],
      // Tea one day after the last coffee, then nothing: the customer lapsed, not the category.
      ['stopped altogether', 91, { coffee: { lastDay: 90, orders: 4 }, tea: { lastDay: 91, orders: 2 } }],
      ['the category of the last purchase day', 90, { coffee: { lastDay: 90, orders: 4 } }],
    ];
    for (const [label, lastDay, history] of cases)
      expect(lapsedCategories(0, lastDay, 400, categories(history)), label).toEqual([]);
  });

  it('lists several in name order, and has none without categories', () => {
    const history = categories({
      wine: { lastDay: 50, orders: 3 },
      coffee: { lastDay: 60, orders: 4 },
      tea: { lastDay: 300, orders: 9 },
    });
    expect(lapsedCategories(0, 300, 310, history)).toEqual(['coffee', 'wine']);
    expect(lapsedCategories(0, 300, 310, undefined)).toEqual([]);
  });
});
