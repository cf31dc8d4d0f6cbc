/**
 * Priority between campaigns. Two win-back campaigns reaching the same customer would send them
 * two emails, two SMS and two calls about the same lapse; so by default a customer is in one
 * win-back journey at a time, a journey that ends is followed by a cooldown before another may
 * start, and when two campaigns want the same customer the campaign of higher priority gets them:
 * a launch passes over customers already in a journey of equal or higher priority, and a journey
 * of higher priority takes over from one of lower priority (which ends, "superseded").
 *
 * What decides is kept on the customer (the claims below), written with conditions so that two
 * launches racing for one customer cannot both win. A customer kept in a campaign's control group
 * is not in a journey: another campaign may reach them (the control group measures the campaign
 * against doing nothing, not against every other campaign).
 */
import * as z from 'zod';

export const exclusivitySchema = z.strictObject({
  /** A customer is in at most one win-back journey at a time; false lets campaigns overlap. */
  oneJourneyAtATime: z.boolean().default(true),
  /** Days after a journey ends before another may start for the same customer (0: none). */
  cooldownDays: z.number().min(0).max(365).default(14),
});

export type Exclusivity = z.output<typeof exclusivitySchema>;

/** The exit reason of a journey another of higher priority took over from (then its campaign's id). */
export const SUPERSEDED = 'superseded by campaign';

/** A campaign's priority when the marketer gives none; the higher wins. */
export const DEFAULT_PRIORITY = 0;

/** What the customer's record says about their journeys. */
export interface JourneyClaims {
  /** Campaigns whose journey for the customer is under way. */
  journeys?: readonly string[];
  /** The priority of the journey under way (one at a time); absent counts as the default. */
  journeyPriority?: number;
  /** When the customer's last journey ended (the cooldown counts from it). */
  lastJourneyEndedAt?: string;
}

export type HeldBackReason = 'in another campaign' | 'cooling down';

export type ClaimDecision =
  /** Nothing stands in the way (or the journey is this campaign's already). */
  | { kind: 'free' }
  /** The customer is in journeys of lower priority: this one takes over, they end. */
  | { kind: 'take-over'; from: readonly string[] }
  | {
      kind: 'held-back';
      reason: HeldBackReason;
      detail: string;
      /** The campaigns whose journeys hold the customer (`in another campaign`). */
      holders?: readonly string[];
    };

/** The instant before which a journey must have ended for another to start now. */
export const cooldownSince = (exclusivity: Exclusivity, now: Date): string =>
  new Date(now.getTime() - exclusivity.cooldownDays * 86_400_000).toISOString();

/** Whether this campaign may start the customer's journey now, by the customer's claims. */
export function claimDecision(
  claims: JourneyClaims,
  campaign: { campaignId: string; priority?: number },
  exclusivity: Exclusivity,
  now: Date,
): ClaimDecision {
  const others = (claims.journeys ?? []).filter((id) => id !== campaign.campaignId);
  if (others.length < (claims.journeys ?? []).length) return { kind: 'free' };
  if (exclusivity.oneJourneyAtATime && others.length > 0) {
    const theirs = claims.journeyPriority ?? DEFAULT_PRIORITY;
    const ours = campaign.priority ?? DEFAULT_PRIORITY;
    if (ours > theirs) return { kind: 'take-over', from: others };
    return {
      kind: 'held-back',
      reason: 'in another campaign',
      detail: `in a journey of campaign ${others.join(', ')} (priority ${theirs}, this campaign's ${ours})`,
      holders: others,
    };
  }
  const since = cooldownSince(exclusivity, now);
  if (exclusivity.cooldownDays > 0 && claims.lastJourneyEndedAt && claims.lastJourneyEndedAt > since) {
    const until = new Date(Date.parse(claims.lastJourneyEndedAt) + exclusivity.cooldownDays * 86_400_000);
    return {
      kind: 'held-back',
      reason: 'cooling down',
      detail: `cooling down after a journey that ended ${claims.lastJourneyEndedAt} (until ${until.toISOString()})`,
    };
  }
  return { kind: 'free' };
}

/**
 * The claims once the holders named have let go (their journeys ended, but the step that ended
 * one failed before releasing the customer): gone from the journeys, their end the latest.
 */
export function releasing(
  claims: JourneyClaims,
  released: readonly { campaignId: string; endedAt: string }[],
): JourneyClaims {
  if (released.length === 0) return claims;
  const gone = new Set(released.map((r) => r.campaignId));
  const journeys = (claims.journeys ?? []).filter((id) => !gone.has(id));
  const lastJourneyEndedAt = [claims.lastJourneyEndedAt, ...released.map((r) => r.endedAt)]
    .filter((at): at is string => Boolean(at))
    .sort()
    .at(-1);
  const { journeys: _j, lastJourneyEndedAt: _l, ...rest } = claims;
  return {
    ...rest,
    ...(journeys.length ? { journeys } : {}),
    ...(lastJourneyEndedAt ? { lastJourneyEndedAt } : {}),
  };
}
