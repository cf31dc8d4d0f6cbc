/**
 * The incentive a journey carries, chosen once at enrolment from the customer's scores: the
 * offer rule they fall under (or the campaign's own offer), then the spending guard — an
 * incentive worth more than the guard's share of the customer's 365-day CLV is withheld (the
 * message goes without it, or not at all).
 */
import { type Campaign, campaignForVariant } from './campaign.js';
import { lapsedCategoryFor, type OfferFacts, offerRuleFor } from './offer-rules.js';
import type { LeavingReason } from './survey.js';

export interface OfferChoice {
  /** The offer rule the customer fell under (absent: the campaign's own offer). */
  rule?: string;
  /** The spending guard withheld the incentive: the message without it, or no message. */
  guard?: 'no-offer' | 'no-message';
  /** The lapsed category the message names (`{{lapsedCategory}}`). */
  lapsedCategory?: string;
  /** The customer answered the survey with this reason, and the campaign answers it with an offer. */
  reason?: LeavingReason;
}

/** Why a message was not sent: the spending guard found the customer not worth an incentive. */
export const NOT_WORTH_AN_INCENTIVE = 'not worth an incentive';

export function chooseOffer(campaign: Campaign, facts: OfferFacts): OfferChoice {
  const rule = offerRuleFor(campaign.offerRules, facts);
  const offer = rule ? rule.offer : campaign.offer;
  const lapsedCategory = lapsedCategoryFor(rule, facts);
  const guard = campaign.spendingGuard;
  const withheld =
    guard &&
    offer?.value !== undefined &&
    offer.value > guard.maxShareOfValue * Math.max(0, facts.clv365Days);
  return {
    ...(rule ? { rule: rule.id } : {}),
    ...(withheld ? { guard: guard.otherwise } : {}),
    ...(lapsedCategory ? { lapsedCategory } : {}),
  };
}

/** The campaign as a journey with this choice sees it: the rule's offer, or none when withheld. */
export function campaignForOffer(campaign: Campaign, choice: OfferChoice | undefined): Campaign {
  const { offer: _, ...rest } = campaign;
  // The answer to the customer's own reason comes before the tier the scores chose.
  const answer = choice?.reason ? campaign.survey?.reasonOffers?.[choice.reason] : undefined;
  if (answer) return { ...rest, offer: answer };
  if (!choice || (!choice.rule && !choice.guard)) return campaign;
  if (choice.guard) return rest;
  const rule = campaign.offerRules?.find((r) => r.id === choice.rule);
  if (!rule) return campaign;
  return rule.offer ? { ...rest, offer: rule.offer } : rest;
}

/** What the rules read of a customer's stored scores (an audience candidate, or the scores themselves). */
export function offerFactsOf(scores: {
  clv365Days?: number | null;
  pAlive?: number | null;
  rfm?: { segment?: string } | null;
  lapsedCategories?: readonly string[] | null;
}): OfferFacts {
  return {
    clv365Days: scores.clv365Days ?? 0,
    pAlive: scores.pAlive ?? 0,
    ...(scores.rfm?.segment ? { segment: scores.rfm.segment } : {}),
    lapsedCategories: scores.lapsedCategories ?? [],
  };
}

/**
 * The campaign as one journey's customer has it: their variant's templates and offer, then the
 * incentive chosen for them at enrolment (a rule's offer over the variant's, the guard's
 * withholding, the answer to their reason), so the guard always weighs the offer actually sent.
 */
export function campaignForJourney(
  campaign: Campaign,
  journey: { variant?: string | undefined; offerChoice?: OfferChoice | undefined },
): Campaign {
  return campaignForOffer(campaignForVariant(campaign, journey.variant), journey.offerChoice);
}
