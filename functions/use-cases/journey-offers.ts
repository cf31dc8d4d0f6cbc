/**
 * The offer a journey's messages carry: the campaign's shared code, or a personal code bound to
 * the journey at its first message — generated, or claimed from the campaign's pool — and reused
 * by every later step. When the pool has run out (or expired), the campaign's fallback decides:
 * its shared code, or no message (`skip`).
 */
import type { Campaign } from '../domain/journey/campaign.js';
import type { JourneyRecord } from '../domain/journey/journey.js';
import { codeExpiresOn, generateCode, type JourneyOffer, localDay } from '../domain/journey/offer-codes.js';
import type { JourneyStore } from '../ports/journey-store.js';
import type { OfferCodeStore } from '../ports/offer-code-store.js';

export interface OfferDeps {
  codes: OfferCodeStore;
  journeys: JourneyStore;
}

/** Why a message was not sent: the pool had no code left for it and the campaign sends none without. */
export const OFFER_CODES_RAN_OUT = 'offer codes ran out';

/** Draws of a generated code before giving up: at 40 bits or more a clash is already rare. */
const MAX_DRAWS = 8;

export async function journeyOffer(
  deps: OfferDeps,
  campaign: Campaign,
  journey: Pick<JourneyRecord, 'campaignId' | 'customerId' | 'offer'>,
  timeZone: string,
  now: Date,
): Promise<JourneyOffer | undefined | 'journey ended'> {
  if (journey.offer) return journey.offer;
  const codes = campaign.offer?.codes;
  if (!codes) return undefined;
  const holder = { campaignId: journey.campaignId, customerId: journey.customerId };
  const at = now.toISOString();
  let offer: JourneyOffer;
  if (codes.source === 'generated') {
    let code: string | undefined;
    for (let draw = 0; draw < MAX_DRAWS && !code; draw++) {
      const candidate = generateCode(codes.prefix, codes.length);
      if (await deps.codes.register(candidate, holder, at)) code = candidate;
    }
    if (!code) throw new Error(`no free code after ${MAX_DRAWS} draws: lengthen offer.codes.length`);
    const expiresOn = codeExpiresOn(now, timeZone, codes.validDays);
    offer = { code, source: 'generated', boundAt: at, ...(expiresOn ? { expiresOn } : {}) };
  } else {
    // An expired pool's codes would be refused at the shop's checkout: it counts as run out.
    const claim = await deps.codes.claimFromPool(codes.poolId, holder, at, localDay(now, timeZone));
    if (claim.kind === 'code') {
      const expiresOn = codeExpiresOn(now, timeZone, codes.validDays, claim.poolExpiresOn);
      offer = {
        code: claim.code,
        source: 'pool',
        poolId: codes.poolId,
        boundAt: at,
        ...(expiresOn ? { expiresOn } : {}),
      };
    } else if (codes.whenPoolRunsOut === 'shared-code' && campaign.offer?.code)
      offer = { code: campaign.offer.code, source: 'shared', poolId: codes.poolId, boundAt: at };
    else offer = { code: '', source: 'skip', poolId: codes.poolId, boundAt: at };
  }
  // An earlier attempt of this journey may have bound one first: that one is the journey's.
  return (await deps.journeys.bindOffer(journey.campaignId, journey.customerId, offer)) ?? 'journey ended';
}

/**
 * An offer shaped like the ones the campaign will give, before any is bound: what the preview and
 * the SMS parts count fill `{{offerCode}}` with (a generated code's length, a pool code's typical one).
 */
export function sampleOffer(campaign: Campaign, now = new Date()): JourneyOffer | undefined {
  const codes = campaign.offer?.codes;
  if (!codes) return undefined;
  const code =
    codes.source === 'generated'
      ? generateCode(codes.prefix, codes.length)
      : generateCode('', SAMPLE_POOL_CODE_LENGTH);
  const expiresOn = codeExpiresOn(now, 'UTC', codes.validDays ?? (codes.source === 'pool' ? 30 : undefined));
  return { code, source: codes.source, boundAt: now.toISOString(), ...(expiresOn ? { expiresOn } : {}) };
}

/** Shop platforms' generated discount codes run 8-12 characters; the preview assumes 12. */
const SAMPLE_POOL_CODE_LENGTH = 12;
