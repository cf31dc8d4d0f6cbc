/**
 * Two descriptive scores from the purchase days and categories, no model needed:
 *
 * - XYZ regularity of the gaps between purchase days, by their coefficient of variation (CV):
 *   X ≤ 0.5 (steady rhythm: a late order is a real signal), Y ≤ 1.0, Z above (erratic). It needs
 *   at least two gaps (three purchase days); with fewer there is no rhythm to judge.
 * - Lapsed categories: a category bought at least twice whose usual interval has passed twice
 *   over with no order in it, while the customer kept buying other things — they bought again
 *   after the category was due, more than one usual interval after its last order. A customer who
 *   stopped buying altogether is the churn score's business, not this one's.
 */

export type RegularityClass = 'X' | 'Y' | 'Z';

export interface Regularity {
  class: RegularityClass | null;
  gapCv: number | null;
}

/** Most customers have fewer than two gaps: one shared answer, not an object each. */
const NO_RHYTHM: Readonly<Regularity> = Object.freeze({ class: null, gapCv: null });

export function regularity(purchaseDays: readonly number[]): Readonly<Regularity> {
  const gaps = purchaseDays.length - 1;
  if (gaps < 2) return NO_RHYTHM;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 1; i < purchaseDays.length; i++) {
    const gap = (purchaseDays[i] as number) - (purchaseDays[i - 1] as number);
    sum += gap;
    sumSquares += gap * gap;
  }
  const mean = sum / gaps;
  const variance = Math.max(0, sumSquares / gaps - mean * mean);
  const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
  return { class: cv <= 0.5 ? 'X' : cv <= 1 ? 'Y' : 'Z', gapCv: cv };
}

export interface CategoryHistory {
  /** Day of the last order in the category (days since 1970-01-01). */
  lastDay: number;
  orders: number;
}

/** No lapsed category: shared, and frozen so no caller can fill it for everyone. */
const NONE: string[] = Object.freeze([]) as unknown as string[];

/** How many usual intervals without an order make a category lapsed. */
const LAPSE_FACTOR = 2;

export function lapsedCategories(
  firstDay: number,
  lastDay: number,
  asOfDay: number,
  categories: ReadonlyMap<string, CategoryHistory> | undefined,
): string[] {
  if (!categories) return NONE;
  const lapsed: string[] = [];
  for (const [name, category] of categories) {
    if (category.orders < 2) continue;
    const interval = Math.max(1, (category.lastDay - firstDay) / (category.orders - 1));
    const keptBuying = lastDay - category.lastDay > interval;
    if (keptBuying && asOfDay - category.lastDay > LAPSE_FACTOR * interval) lapsed.push(name);
  }
  return lapsed.sort();
}
