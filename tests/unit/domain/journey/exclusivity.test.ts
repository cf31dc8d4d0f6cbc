import { describe, expect, it } from 'vitest';
import { claimDecision, exclusivitySchema } from '../../../../functions/domain/journey/exclusivity.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const rules = exclusivitySchema.parse({});
const spring = { campaignId: 'spring', priority: 2 };

describe('Priority between campaigns', () => {
  it('defaults to one journey at a time and a 14-day cooldown', () => {
    expect(rules).toEqual({ oneJourneyAtATime: true, cooldownDays: 14 });
  });

  it('holds a customer back from a campaign of equal or lower priority than the journey under way', () => {
    expect(claimDecision({ journeys: ['vip'], journeyPriority: 2 }, spring, rules, NOW)).toMatchObject({
      kind: 'held-back',
      reason: 'in another campaign',
      detail: "in a journey of campaign vip (priority 2, this campaign's 2)",
    });
    // A journey stored without a priority has the default (0).
    expect(claimDecision({ journeys: ['old'] }, { campaignId: 'new' }, rules, NOW).kind).toBe('held-back');
  });

  it('takes over from journeys of lower priority', () => {
    expect(claimDecision({ journeys: ['old'], journeyPriority: 1 }, spring, rules, NOW)).toEqual({
      kind: 'take-over',
      from: ['old'],
    });
  });

  it('keeps a cooldown after a journey ends, to the millisecond', () => {
    const ended = (daysAgo: number) => ({
      lastJourneyEndedAt: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(),
    });
    expect(claimDecision(ended(13.9), spring, rules, NOW)).toMatchObject({
      kind: 'held-back',
      reason: 'cooling down',
    });
    expect(claimDecision(ended(14), spring, rules, NOW).kind).toBe('free');
    expect(claimDecision(ended(1), spring, { ...rules, cooldownDays: 0 }, NOW).kind).toBe('free');
  });

  it('is free for the campaign whose journey it is already, and for overlapping campaigns when allowed', () => {
    expect(claimDecision({ journeys: ['spring'], journeyPriority: 2 }, spring, rules, NOW).kind).toBe('free');
    expect(
      claimDecision(
        { journeys: ['vip'], journeyPriority: 9 },
        spring,
        { ...rules, oneJourneyAtATime: false },
        NOW,
      ).kind,
    ).toBe('free');
  });
});
