/**
 * Offers by rule: which incentive a customer gets, decided from what the scoring says of them —
 * their predicted value (365-day CLV), P(alive), RFM segment and lapsed categories — with a
 * spending guard, so an incentive is never worth more than a set share of what the customer is
 * expected to bring, and a customer not worth one gets the message without it (or no message).
 *
 * Rules are tiers that must not overlap: every customer matches at most one, so their order does
 * not matter and a marketer reading one rule knows who gets it. A customer no rule matches gets
 * the campaign's own offer.
 */
import * as z from 'zod';
import { storableNumber } from '../validation.js';

const share = storableNumber().min(0).max(1);

export const offerConditionSchema = z
  .strictObject({
    /** 365-day CLV in the base currency, at least / below. */
    minClv: storableNumber().min(0).optional(),
    maxClv: storableNumber().min(0).optional(),
    /** P(alive), at least / below. */
    minPAlive: share.optional(),
    maxPAlive: share.optional(),
    /** RFM segments (any of). */
    segments: z.array(z.string().trim().min(1).max(40)).min(1).max(20).optional(),
    /** Lapsed categories (any of): the customer stopped buying one of these. */
    lapsedCategories: z.array(z.string().trim().min(1).max(64)).min(1).max(50).optional(),
  })
  .prefault({});
export type OfferCondition = z.output<typeof offerConditionSchema>;

/** What a rule needs to know of a customer: their stored scores. */
export interface OfferFacts {
  clv365Days: number;
  pAlive: number;
  segment?: string;
  lapsedCategories: readonly string[];
}

export interface OfferRuleLike {
  id: string;
  when: OfferCondition;
}

const range = (min: number | undefined, max: number | undefined): [number, number] => [
  min ?? 0,
  max ?? Number.POSITIVE_INFINITY,
];

export function matches(rule: OfferRuleLike, facts: OfferFacts): boolean {
  const w = rule.when;
  const [clvLow, clvHigh] = range(w.minClv, w.maxClv);
  const [pLow, pHigh] = range(w.minPAlive, w.maxPAlive);
  return (
    facts.clv365Days >= clvLow &&
    facts.clv365Days < clvHigh &&
    facts.pAlive >= pLow &&
    (facts.pAlive < pHigh || (pHigh === 1 && facts.pAlive === 1)) &&
    (!w.segments || (facts.segment !== undefined && w.segments.includes(facts.segment))) &&
    (!w.lapsedCategories || w.lapsedCategories.some((c) => facts.lapsedCategories.includes(c)))
  );
}

/** The rule a customer falls under (at most one: rules never overlap), if any. */
export function offerRuleFor<R extends OfferRuleLike>(
  rules: readonly R[] | undefined,
  facts: OfferFacts,
): R | undefined {
  return rules?.find((rule) => matches(rule, facts));
}

/** The lapsed category a customer's message names: the rule's first one they lapsed in, else their first. */
export function lapsedCategoryFor(rule: OfferRuleLike | undefined, facts: OfferFacts): string | undefined {
  const wanted = rule?.when.lapsedCategories;
  return wanted?.find((c) => facts.lapsedCategories.includes(c)) ?? facts.lapsedCategories[0];
}

const overlap = (a: [number, number], b: [number, number]) => Math.max(a[0], b[0]) < Math.min(a[1], b[1]);
const listsMeet = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  !a || !b || a.some((x) => b.includes(x));

/**
 * Rules that can match nobody (an empty range) and pairs that overlap (a customer could match
 * both), each with the path of the field to change.
 */
export function offerRuleProblems(
  rules: readonly OfferRuleLike[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const { when } = rule;
    if (seen.has(rule.id))
      problems.push({ path: ['offerRules', i, 'id'], message: `rule '${rule.id}' appears twice` });
    seen.set(rule.id, i);
    if (when.minClv !== undefined && when.maxClv !== undefined && when.minClv >= when.maxClv)
      problems.push({
        path: ['offerRules', i, 'when', 'maxClv'],
        message: `matches nobody: maxClv ${when.maxClv} is not above minClv ${when.minClv}`,
      });
    if (when.minPAlive !== undefined && when.maxPAlive !== undefined && when.minPAlive >= when.maxPAlive)
      problems.push({
        path: ['offerRules', i, 'when', 'maxPAlive'],
        message: `matches nobody: maxPAlive ${when.maxPAlive} is not above minPAlive ${when.minPAlive}`,
      });
    if (when.maxPAlive === 0 || when.maxClv === 0)
      problems.push({
        path: ['offerRules', i, 'when'],
        message: 'matches nobody: a maximum of 0 leaves no value below it',
      });
  });
  for (let i = 0; i < rules.length; i++)
    for (let j = i + 1; j < rules.length; j++) {
      const [a, b] = [(rules[i] as OfferRuleLike).when, (rules[j] as OfferRuleLike).when];
      if (
        overlap(range(a.minClv, a.maxClv), range(b.minClv, b.maxClv)) &&
        overlap(range(a.minPAlive, a.maxPAlive), range(b.minPAlive, b.maxPAlive)) &&
        listsMeet(a.segments, b.segments) &&
        listsMeet(a.lapsedCategories, b.lapsedCategories)
      )
        problems.push({
          path: ['offerRules', j, 'when'],
          message: `overlaps rule '${(rules[i] as OfferRuleLike).id}': a customer could match both; make their ranges or lists disjoint`,
        });
    }
  return problems;
}
