/**
 * The variants of a campaign judged against the control group and against each other: each
 * variant's reactivation (Wilson 95 %) and revenue per customer, its lift over the control group
 * (Newcombe's interval for a difference of proportions), the pairwise difference of every two
 * variants, and a winner — named only when its reactivation interval lies wholly above every
 * other variant's (non-overlapping 95 % intervals: a stricter rule than a significant pairwise
 * difference, so a winner named is one a marketer can act on without a multiple-testing caveat).
 */
import type { Campaign } from './campaign.js';
import {
  addValue,
  type Interval,
  type MeanDifference,
  type Moments,
  noMoments,
  type Rate,
  rateDifference,
  revenueDifferenceOf,
  wilson,
} from './lift.js';
import { BASE_VARIANT } from './variants.js';

/** What a report keeps of each variant's journeys: counts and running revenue moments. */
export interface VariantTally {
  enrolled: number;
  reactivated: number;
  revenue: Moments;
}

export const noVariant = (): VariantTally => ({ enrolled: 0, reactivated: 0, revenue: noMoments() });

export function tallyVariant(
  tallies: Record<string, VariantTally>,
  variant: string,
  reactivated: boolean,
  revenue: number | undefined,
): void {
  tallies[variant] ??= noVariant();
  const t = tallies[variant];
  t.enrolled++;
  if (reactivated) t.reactivated++;
  if (revenue !== undefined) addValue(t.revenue, revenue);
}

export interface VariantFigures {
  id: string;
  name?: string;
  /** The configured share of the audience, percent (`base`: what the variants and the holdout leave). */
  share: number;
  enrolled: number;
  reactivation: Rate;
  /** Over the control group, in rate points, with its 95 % interval; significant when it excludes 0. */
  lift: { difference: number; ci95: Interval; significant: boolean } | null;
  /** Revenue per customer since enrolment against the control group's. */
  revenue: MeanDifference | null;
}

export interface VariantComparison {
  /** `a` minus `b`, in reactivation rate points. */
  a: string;
  b: string;
  difference: number;
  ci95: Interval;
  significant: boolean;
}

export interface VariantReport {
  variants: VariantFigures[];
  pairwise: VariantComparison[];
  /** The variant whose reactivation interval lies above every other's; null until one does. */
  winner: string | null;
}

export function variantReport(
  campaign: Pick<Campaign, 'variants' | 'holdoutPercent'>,
  tallies: Readonly<Record<string, VariantTally>>,
  control: { reactivated: number; heldOut: number; revenue: Moments },
): VariantReport | null {
  const defined = campaign.variants;
  if (!defined) return null;
  const taken = defined.reduce((n, v) => n + v.share, 0);
  const arms = [
    ...defined.map((v) => ({ id: v.id, ...(v.name ? { name: v.name } : {}), share: v.share })),
    // The campaign's own messages, when the shares leave it customers (or some were enrolled in it).
    ...(taken + campaign.holdoutPercent < 100 || tallies[BASE_VARIANT]
      ? [{ id: BASE_VARIANT, share: Math.max(0, 100 - campaign.holdoutPercent - taken) }]
      : []),
  ];
  const controlRate = wilson(control.reactivated, control.heldOut);
  const variants = arms.map((arm): VariantFigures => {
    const t = tallies[arm.id] ?? noVariant();
    const reactivation = wilson(t.reactivated, t.enrolled);
    const lift = rateDifference(reactivation, controlRate);
    return {
      ...arm,
      enrolled: t.enrolled,
      reactivation,
      lift: lift && { ...lift, significant: lift.ci95.low > 0 || lift.ci95.high < 0 },
      revenue: revenueDifferenceOf(t.revenue, control.revenue, lift),
    };
  });
  const pairwise: VariantComparison[] = [];
  for (let i = 0; i < variants.length; i++)
    for (let j = i + 1; j < variants.length; j++) {
      const [a, b] = [variants[i] as VariantFigures, variants[j] as VariantFigures];
      const d = rateDifference(a.reactivation, b.reactivation);
      if (d) pairwise.push({ a: a.id, b: b.id, ...d, significant: d.ci95.low > 0 || d.ci95.high < 0 });
    }
  const winner =
    variants.find(
      (v) =>
        v.reactivation.ci95 &&
        variants.every(
          (o) =>
            o === v ||
            (o.reactivation.ci95 !== null && (v.reactivation.ci95?.low ?? 0) > o.reactivation.ci95.high),
        ),
    )?.id ?? null;
  return { variants, pairwise, winner: variants.length > 1 ? winner : null };
}
