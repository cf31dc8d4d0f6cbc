/**
 * The steps of one customer's journey, each a task of the journey state machine. Every step
 * returns what the machine does next — wait until `wakeAt`, try the same step again at `wakeAt`
 * (deferred: outside the window, campaign paused), or end — and keeps only identifiers and times
 * in the state (no personal data in execution history).
 *
 * Sending is at-most-once per (campaign, customer, step): the ledger entry is claimed with a
 * conditional write before the provider is called. A definite refusal by the provider releases
 * the claim (a retry may send); a crash after the provider accepted leaves the claim `sending`,
 * and a retry moves on without sending again.
 */
import { randomUUID } from 'node:crypto';
import { type Campaign, campaignForVariant } from '../domain/journey/campaign.js';
import {
  type ContactDecision,
  type ContactFacts,
  channelClosed,
  decideContact,
  type JourneyFacts,
} from '../domain/journey/contact-decision.js';
import { DEFAULT_PRIORITY, type Exclusivity, SUPERSEDED } from '../domain/journey/exclusivity.js';
import type { JourneyRecord, TimelineEntry } from '../domain/journey/journey.js';
import {
  callAt,
  callScheduleName,
  executionName,
  isHeldOut,
  type JourneyStep,
  nextStepAt,
  planJourneyStart,
} from '../domain/journey/journey-rules.js';
import {
  campaignForJourney,
  chooseOffer,
  NOT_WORTH_AN_INCENTIVE,
  offerFactsOf,
} from '../domain/journey/offer-choice.js';
import { formatExpiry } from '../domain/journey/offer-codes.js';
import { pacedEmailRate, perHour, perSecond, spreadInWindow } from '../domain/journey/pacing.js';
import type { SendClaim } from '../domain/journey/send.js';
import { type ContactWindow, nextInWindow, recipientTimeZone } from '../domain/journey/send-window.js';
import { smsParts } from '../domain/journey/sms-parts.js';
import { surveyBlock } from '../domain/journey/survey.js';
import { renderEmail, renderSms, type TemplateValues } from '../domain/journey/templates.js';
import { assignVariant } from '../domain/journey/variants.js';
import type { CallScheduler } from '../ports/call-scheduler.js';
import type { CampaignStore } from '../ports/campaign-store.js';
import type { CustomerRecord, CustomerRepository } from '../ports/customer-repository.js';
import type { JourneyStore } from '../ports/journey-store.js';
import {
  type EmailSender,
  PermanentSendError,
  ProviderPausedError,
  ProviderThrottledError,
  type SmsSender,
} from '../ports/message-senders.js';
import type { OfferCodeStore } from '../ports/offer-code-store.js';
import type { ScoreStore } from '../ports/scoring-store.js';
import type { SendLedger } from '../ports/send-ledger.js';
import type { SendQuota } from '../ports/send-quota.js';
import type { SlotBook } from '../ports/slot-book.js';
import type { JourneyRuns } from '../ports/workflow-runs.js';
import { claimCustomer } from './journey-claims.js';
import { journeyOffer, OFFER_CODES_RAN_OUT, sampleOffer } from './journey-offers.js';
import { reserveSlot } from './reserve-slot.js';

export interface JourneySettings {
  /** Default local-time windows per channel (a campaign may narrow them). */
  windows: Record<JourneyStep, ContactWindow>;
  /** The managers' hours in their own zone, and the calls they make per hour. */
  manager: { window: ContactWindow; timeZone: string; callsPerHour: number };
  /** The providers' rates, shared by every campaign (slots are reserved ahead against them). */
  pacing: { emailPerSecond: number; smsPartsPerSecond: number };
  /** The SMS origination identity whose rate SMS slots count against. */
  smsOrigination: string;
  frequencyCap: { messages: number; days: number };
  /** One win-back journey per customer at a time, the cooldown after one, by campaign priority. */
  exclusivity: Exclusivity;
  pausedRecheckHours: number;
  /** Zone for customers without a usable one of their own (the stage's `defaults.timeZone`). */
  defaultTimeZone: string;
  /** Base URL of the public link endpoints (click tracking, one-click unsubscribe). */
  publicUrl: string;
  postalAddress: string;
}

export interface JourneyDeps {
  campaigns: CampaignStore;
  journeys: JourneyStore;
  customers: CustomerRepository;
  scores: ScoreStore;
  sends: SendLedger;
  clock: () => Date;
  settings: JourneySettings;
}

/** A step that plans a send or a call reserves its slot of the shared capacity. */
export interface PacedDeps extends JourneyDeps {
  slots: SlotBook;
}

/** A step that may plan an email paces it at the configured rate, within the SES account's. */
export interface EmailPacedDeps extends PacedDeps {
  quota: SendQuota;
}

/** The first step: it may take the customer over from journeys of lower priority, and end those. */
export interface StartDeps extends EmailPacedDeps {
  /** The journeys' executions (a superseded one is stopped). */
  runs: Pick<JourneyRuns, 'stop'>;
  /** Call schedules (a superseded journey's pending one is deleted). */
  calls: Pick<CallScheduler, 'cancel'>;
}

/** What the state machine does after a step (`$.step`). */
export type StepResult =
  | { action: 'wait'; wakeAt: string; outcome: string }
  | { action: 'retry'; wakeAt: string; outcome: string }
  | { action: 'end'; outcome: string };

/** Wait states need RFC 3339 UTC to the second, with upper-case T and Z. */
export const waitTimestamp = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

/** A step's local-time window: the campaign's own, or the deployment's. */
export const windowOf = (
  deps: { settings: Pick<JourneySettings, 'windows'> },
  campaign: Campaign | undefined,
  step: JourneyStep,
) => campaign?.windows[step] ?? deps.settings.windows[step];

/** Days the steps after the first email may take: both response windows plus slack for windows. */
export const followUpDays = (campaign: Campaign) =>
  (campaign.email.responseWindowHours + campaign.sms.responseWindowHours) / 24 + 16;

/**
 * When a message step should wake: the slot reserved for its message at or after `from` — the
 * first free one of the channel's rate inside its window in the customer's zone — or, when the
 * channel is closed for the customer (the step will only skip it), a point spread over the
 * window's first hour, so that skips do not all wake at its first second either.
 */
export async function messageSlot(
  deps: EmailPacedDeps,
  ids: { campaignId: string; customerId: string },
  campaign: Campaign,
  customer: CustomerRecord | undefined,
  step: 'email' | 'sms',
  from: Date,
): Promise<Date> {
  const { timeZone } = recipientTimeZone(customer?.timeZone, deps.settings.defaultTimeZone);
  const window = windowOf(deps, campaign, step);
  if (!customer || channelClosed(step, customer)) return spreadInWindow(from, window, timeZone, ids);
  const { pacing } = deps.settings;
  const rate =
    step === 'email'
      ? pacedEmailRate(pacing.emailPerSecond, await deps.quota.emailPerSecond())
      : pacing.smsPartsPerSecond;
  const slot = await reserveSlot(deps.slots, {
    resource: step === 'email' ? 'email' : `sms#${deps.settings.smsOrigination}`,
    capacity: perSecond(rate),
    ...(step === 'sms' ? { amount: smsPartsOf(deps, campaign, customer) } : {}),
    from,
    allowed: (at) => nextInWindow(at, window, timeZone),
  });
  // A window opens every week, so a slot is always found; the fallback is the window itself.
  return slot ?? nextInWindow(from, window, timeZone);
}

export async function startJourney(
  deps: StartDeps,
  input: { campaignId: string; customerId: string },
): Promise<StepResult> {
  const { campaignId, customerId } = input;
  const now = deps.clock();
  const existing = await deps.journeys.get(campaignId, customerId);
  if (existing && existing.status !== 'active') return { action: 'end', outcome: existing.status };
  const [campaign, customer, scores] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.customers.get(customerId),
    deps.scores.get(customerId),
  ]);
  const base = {
    campaignId,
    customerId,
    enrolledAt: existing?.enrolledAt ?? now.toISOString(),
    ...(campaign?.variants ? { variant: variantOf(campaign, customerId) } : {}),
    ...offerChoiceOf(campaign, customerId, scores),
  };
  // The launch records the enrolment before it starts the execution; a journey started any other
  // way (a test, an operator) is recorded here. Either way this step settles it.
  const settle = async (entry: TimelineEntry, status: JourneyRecord['status'], exitReason?: string) => {
    if (existing)
      await deps.journeys.record(campaignId, customerId, entry, {
        status,
        ...(exitReason ? { exitReason } : {}),
      });
    else
      await deps.journeys.enrol({
        ...base,
        status,
        executionName: executionName(campaignId, customerId),
        ...(exitReason ? { exitReason } : {}),
        timeline: [entry],
      });
  };
  const notEnrolled = async (status: JourneyRecord['status'], reason: string): Promise<StepResult> => {
    await settle({ at: now.toISOString(), step: 'start', outcome: status, reason }, status, reason);
    // A retried start may end here after its first attempt claimed the customer: let go (a no-op
    // when it did not).
    await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
    return { action: 'end', outcome: status };
  };
  if (!campaign || campaign.status === 'cancelled' || campaign.status === 'completed') {
    const reason = `campaign ${campaign?.status ?? 'not found'}`;
    // A launch racing a cancel may have enrolled the customer after the cancel swept the
    // campaign's journeys: the record ends here, so none stays active without an execution.
    if (existing?.status === 'active') return stopHere(deps, campaignId, customerId, 'start', reason, now);
    return { action: 'end', outcome: reason };
  }
  // Ended before this step ran (a purchase right after enrolment, a cancel): nothing to start.
  if (existing && existing.status !== 'active') return { action: 'end', outcome: existing.status };
  if (!customer || customer.erasedAt) return notEnrolled('not-enrolled', 'customer not found or erased');
  if (isHeldOut(campaignId, customerId, campaign.holdoutPercent))
    return notEnrolled('held-out', 'in the control group');
  const zone = recipientTimeZone(customer.timeZone, deps.settings.defaultTimeZone);
  const plan = planJourneyStart({
    // A campaign with its own θ recorded the churn moment for it at enrolment.
    churnMoment:
      (existing?.churnMomentOn !== undefined ? existing.churnMomentOn : scores?.churnMomentOn) ?? undefined,
    leadDays: campaign.leadDays,
    now,
    timeZone: zone.timeZone,
    emailWindow: windowOf(deps, campaign, 'email'),
    followUpDays: followUpDays(campaign),
  });
  if (!plan.enrol) return notEnrolled('not-enrolled', plan.reason);
  // The customer's journey, if the rules between campaigns give it to this campaign. Responses
  // find the customer's journeys here too (a purchase ends them without another read).
  const claim = await claimCustomer(
    deps,
    customerId,
    { campaignId, priority: campaign.priority ?? DEFAULT_PRIORITY },
    deps.settings.exclusivity,
    now,
  );
  if (claim.kind === 'held-back') return notEnrolled('not-enrolled', claim.detail);
  if (claim.kind === 'take-over') await supersede(deps, claim.from, { campaignId, customerId }, now);
  const planned = existing?.timeline.some((t) => t.step === 'start' && t.outcome.startsWith('email due'));
  if (!planned)
    await settle(
      {
        at: now.toISOString(),
        step: 'start',
        outcome: `email due ${plan.emailAt.toISOString()}`,
        ...(plan.note || zone.note ? { reason: [plan.note, zone.note].filter(Boolean).join('; ') } : {}),
      },
      'active',
    );
  // The email's slot of the stage's send rate, inside the window from the planned moment on.
  const wakeAt = await messageSlot(deps, input, campaign, customer, 'email', plan.emailAt);
  return { action: 'wait', wakeAt: waitTimestamp(wakeAt), outcome: 'enrolled' };
}

/**
 * The journeys of lower priority this one took over from end at once, "superseded", as a
 * response ends them: the record first — from then on a step of theirs finds it ended and sends
 * nothing — then their executions and pending call schedules. Those two are tidying, not safety:
 * one that fails is not worth failing this journey's start for (a retried start finds the customer
 * claimed already and would not come back to it), and the old execution then stops at its next
 * step, the old schedule creates no task.
 */
const variantOf = (campaign: Campaign, customerId: string) =>
  assignVariant(campaign.campaignId, customerId, campaign.holdoutPercent, campaign.variants);

/** A journey started outside a launch chooses its incentive here, from the stored scores. */
function offerChoiceOf(
  campaign: Campaign | undefined,
  customerId: string,
  scores: Parameters<typeof offerFactsOf>[0] | undefined,
): { offerChoice?: ReturnType<typeof chooseOffer> } {
  if (!campaign || !scores) return {};
  const variant = variantOf(campaign, customerId);
  const offerChoice = chooseOffer(campaignForVariant(campaign, variant), offerFactsOf(scores));
  return Object.keys(offerChoice).length > 0 ? { offerChoice } : {};
}

async function supersede(
  deps: StartDeps,
  campaignIds: readonly string[],
  by: { campaignId: string; customerId: string },
  now: Date,
): Promise<void> {
  const reason = `${SUPERSEDED} ${by.campaignId}`;
  for (const campaignId of campaignIds) {
    const journey = await deps.journeys.end(campaignId, by.customerId, {
      at: now.toISOString(),
      step: 'exit',
      outcome: 'superseded',
      reason,
    });
    // Already ended by something else, which stopped what it had to.
    if (!journey) continue;
    const tidy = (work: Promise<void>) => work.catch(() => undefined);
    if (journey.executionName) await tidy(deps.runs.stop(journey.executionName, reason));
    if (journey.callSchedule) await tidy(deps.calls.cancel(journey.callSchedule));
  }
}

/** What the domain needs to know of the stored campaign, journey and customer. */
export function journeyFacts(
  campaign: Campaign | undefined,
  journey: JourneyRecord,
  customer: CustomerRecord | undefined,
  defaultTimeZone: string,
): JourneyFacts & Pick<ContactFacts, 'customer'> {
  return {
    campaignStatus: campaign?.status,
    enrolledAt: journey.enrolledAt,
    campaignId: journey.campaignId,
    ...(journey.status !== 'active' ? { exitReason: journey.exitReason ?? journey.status } : {}),
    customer: customer && {
      erased: customer.erasedAt !== undefined,
      ...(customer.email ? { email: customer.email } : {}),
      ...(customer.phone ? { phone: customer.phone } : {}),
      ...(customer.consent ? { consent: customer.consent } : {}),
      ...(customer.suppressed ? { suppressed: customer.suppressed } : {}),
      ...(customer.stats ? { lastPurchaseAt: customer.stats.lastPurchaseAt } : {}),
      timeZone: recipientTimeZone(customer.timeZone, defaultTimeZone).timeZone,
      ...(customer.journeys ? { journeys: customer.journeys } : {}),
    },
  };
}

interface StepContext {
  campaign: Campaign | undefined;
  customer: CustomerRecord | undefined;
  journey: JourneyRecord | undefined;
  decision: ContactDecision;
  now: Date;
}

async function decide(
  deps: JourneyDeps,
  campaignId: string,
  customerId: string,
  step: JourneyStep,
): Promise<StepContext> {
  const now = deps.clock();
  const countFor = (cap: { days: number }) =>
    step === 'call'
      ? Promise.resolve(0)
      : deps.sends.countSince(customerId, new Date(now.getTime() - cap.days * 86_400_000).toISOString());
  // The deployment's cap is counted alongside the reads; a campaign with its own cap counts again.
  const [campaign, journey, customer, deploymentCount] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.journeys.get(campaignId, customerId),
    deps.customers.get(customerId),
    countFor(deps.settings.frequencyCap),
  ]);
  const cap = campaign?.frequencyCap ?? deps.settings.frequencyCap;
  const recentMessages = cap.days === deps.settings.frequencyCap.days ? deploymentCount : await countFor(cap);
  const decision: ContactDecision = !journey
    ? { action: 'stop', reason: 'journey not enrolled' }
    : decideContact({
        ...journeyFacts(campaign, journey, customer, deps.settings.defaultTimeZone),
        step,
        now,
        window: windowOf(deps, campaign, step),
        recentMessages,
        frequencyCap: cap,
        pausedRecheckHours: deps.settings.pausedRecheckHours,
      });
  // Each step sees the campaign as the customer has it: the incentive chosen at enrolment (offer
  // rules, spending guard), then their variant's templates and offer — the variant recorded at
  // enrolment, which is the one the assignment gives.
  const asVariant =
    campaign &&
    campaignForJourney(campaign, {
      variant:
        journey?.variant ?? assignVariant(campaignId, customerId, campaign.holdoutPercent, campaign.variants),
      offerChoice: journey?.offerChoice,
    });
  return { campaign: asVariant, customer, journey, decision, now };
}

/** Ends the journey for a reason found by a step (the same path a response takes). */
async function stopHere(
  deps: JourneyDeps,
  campaignId: string,
  customerId: string,
  step: JourneyStep | 'start',
  reason: string,
  now: Date,
): Promise<StepResult> {
  await deps.journeys.end(campaignId, customerId, {
    at: now.toISOString(),
    step,
    outcome: 'stopped',
    reason,
  });
  // Also when another path ended it, or this step's first attempt did and failed before letting
  // go: the release is conditional, a no-op once done (a lost one's cooldown counts from now).
  await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
  return { action: 'end', outcome: 'stopped' };
}

/**
 * Whether the provider certainly did not take the message: a refusal we classified, or an
 * answer in the 4xx range (throttling included). Anything else is ambiguous.
 */
function providerRefused(error: unknown): boolean {
  if (
    error instanceof PermanentSendError ||
    error instanceof ProviderPausedError ||
    error instanceof ProviderThrottledError
  )
    return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * How long a claim may belong to a live invocation: twice the send functions' 30-second timeout.
 * An older claim still `sending` was left by an invocation that died after calling the provider.
 */
export const SEND_LEASE_MS = 60_000;

/** A retryable failure: the same send is in flight elsewhere (the state machine retries it later). */
export class SendInFlightError extends Error {
  override readonly name = 'SendInFlight';
}

export interface MessageDeps extends EmailPacedDeps {
  email: EmailSender;
  sms: SmsSender;
  codes: OfferCodeStore;
}

export async function contactStep(
  deps: MessageDeps,
  input: { campaignId: string; customerId: string; step: 'email' | 'sms' },
): Promise<StepResult> {
  const { campaignId, customerId, step } = input;
  const ctx = await decide(deps, campaignId, customerId, step);
  const { decision, now, campaign, customer, journey } = ctx;
  const record = (outcome: string, reason?: string, parts?: number) =>
    deps.journeys.record(campaignId, customerId, {
      at: now.toISOString(),
      step,
      outcome,
      ...(reason ? { reason } : {}),
      ...(parts ? { parts } : {}),
    });
  switch (decision.action) {
    case 'stop':
      return stopHere(deps, campaignId, customerId, step, decision.reason, now);
    case 'defer': {
      await record('deferred', decision.reason);
      // Back in the window, the message takes a slot of the rate like any other.
      const wakeAt =
        campaign && decision.reason !== 'campaign paused'
          ? await messageSlot(deps, input, campaign, customer, step, decision.until)
          : decision.until;
      return { action: 'retry', wakeAt: waitTimestamp(wakeAt), outcome: 'deferred' };
    }
    case 'skip':
      await record('skipped', decision.reason);
      return { action: 'wait', wakeAt: waitTimestamp(now), outcome: 'skipped' };
  }
  if (!campaign || !customer || !journey)
    throw new Error('unreachable: a send decision needs the campaign, customer and journey');
  const { timeZone } = recipientTimeZone(customer.timeZone, deps.settings.defaultTimeZone);

  const claim: SendClaim = {
    customerId,
    campaignId,
    step,
    sendId: randomUUID(),
    claimedAt: now.toISOString(),
  };
  const claimed = await deps.sends.claim(claim);
  let sentAt = now;
  if (!claimed.claimed) {
    const { existing } = claimed;
    // Another invocation of this step may still be talking to the provider (Lambda can run one
    // event twice at once): if it is refused it gives the claim back, so wait rather than give up.
    if (existing.status === 'sending' && now.getTime() - Date.parse(existing.claimedAt) < SEND_LEASE_MS)
      throw new SendInFlightError(`the ${step} of this journey is being sent by another invocation`);
    // A previous attempt got this far: sent, or lost in the window between the provider
    // accepting and the ledger update. Either way the customer may have the message: never again.
    sentAt = new Date(claimed.existing.sentAt ?? claimed.existing.claimedAt);
    await record(
      claimed.existing.status === 'sent' ? 'sent' : 'unconfirmed',
      'a retried step found the message already claimed',
      step === 'sms' ? smsPartsOf(deps, campaign, customer, journey) : undefined,
    );
  } else {
    if (journey.offerChoice?.guard === 'no-message') {
      await deps.sends.release(claim);
      await record('skipped', NOT_WORTH_AN_INCENTIVE);
      return { action: 'wait', wakeAt: waitTimestamp(now), outcome: 'skipped' };
    }
    // Only the invocation that won the claim binds a personal code: one code per journey. Nothing
    // has gone to the provider yet: a failure here gives the claim back, so a retry sends.
    let offer: Awaited<ReturnType<typeof journeyOffer>>;
    try {
      offer = await journeyOffer(deps, campaign, journey, timeZone, now);
    } catch (error) {
      await deps.sends.release(claim);
      throw error;
    }
    if (offer === 'journey ended') {
      // Ended since the decision (a purchase, a cancel): no message.
      await deps.sends.release(claim);
      return { action: 'end', outcome: 'stopped' };
    }
    if (offer?.source === 'skip') {
      await deps.sends.release(claim);
      await record('skipped', OFFER_CODES_RAN_OUT);
      return { action: 'wait', wakeAt: waitTimestamp(now), outcome: 'skipped' };
    }
    let sent: Delivered;
    try {
      sent = await deliver(deps, step, campaign, customer as Required<CustomerRecord>, claim, {
        ...journey,
        offer,
      });
    } catch (error) {
      // A timeout, a reset connection or a 5xx may come after the provider accepted: the claim
      // stays, and a retry records the message as unconfirmed instead of sending it again.
      if (!providerRefused(error)) throw error;
      // The provider refused: nothing left, so the claim goes back (a retry may send).
      await deps.sends.release(claim);
      if (error instanceof ProviderThrottledError) {
        // A new slot after the provider's back-off: the journeys refused together come back
        // spread at the rate, not all at once.
        const later = await messageSlot(
          deps,
          input,
          campaign,
          customer,
          step,
          new Date(now.getTime() + error.retryAfterMs),
        );
        await record('deferred', error.message);
        return { action: 'retry', wakeAt: waitTimestamp(later), outcome: 'throttled' };
      }
      if (error instanceof ProviderPausedError) {
        await deps.campaigns.setStatus(campaignId, 'paused', ['running']);
        await record('deferred', `${error.message}: campaign paused`);
        const recheck = new Date(now.getTime() + deps.settings.pausedRecheckHours * 3_600_000);
        return { action: 'retry', wakeAt: waitTimestamp(recheck), outcome: 'campaign paused' };
      }
      if (!(error instanceof PermanentSendError)) throw error;
      await record('skipped', error.message);
      return { action: 'wait', wakeAt: waitTimestamp(now), outcome: 'skipped' };
    }
    // Accepted: from here a failure must never give the claim back, or a retry would send again.
    await deps.sends.markSent(claim, sent.messageId, now.toISOString());
    await record('sent', undefined, sent.parts);
  }
  // After the email, the SMS gets its slot of the SMS rate once the response window is over.
  const wakeAt =
    step === 'email'
      ? await messageSlot(
          deps,
          input,
          campaign,
          customer,
          'sms',
          nextStepAt(sentAt, campaign.email.responseWindowHours, windowOf(deps, campaign, 'sms'), timeZone),
        )
      : new Date(sentAt.getTime() + campaign.sms.responseWindowHours * 3_600_000);
  return {
    action: 'wait',
    wakeAt: waitTimestamp(new Date(Math.max(wakeAt.getTime(), now.getTime()))),
    outcome: 'sent',
  };
}

/** A send id's length, for counting a message's parts before it has one. */
const ANY_SEND_ID = '00000000-0000-0000-0000-000000000000';

/** The parts of the campaign's SMS as this customer would get it (the carriers' count). */
export function smsPartsOf(
  deps: { settings: Pick<JourneySettings, 'publicUrl' | 'postalAddress'> },
  campaign: Campaign,
  customer: Pick<CustomerRecord, 'firstName' | 'attributes'>,
  journey: Pick<JourneyRecord, 'offer' | 'offerChoice'> = { offer: sampleOffer(campaign) },
): number {
  return smsParts(
    renderSms(campaign.sms.text, templateValues(deps, campaign, customer, ANY_SEND_ID, journey)),
  );
}

/** What a message's template is filled with; the links name the send. */
export function templateValues(
  deps: { settings: Pick<JourneySettings, 'publicUrl' | 'postalAddress'> },
  campaign: Campaign,
  customer: Pick<CustomerRecord, 'firstName' | 'attributes'>,
  sendId: string,
  /** The journey's personal code (when the campaign gives them) and what was chosen at enrolment. */
  journey: Pick<JourneyRecord, 'offer' | 'offerChoice'> = {},
): TemplateValues {
  const base = deps.settings.publicUrl.replace(/\/$/, '');
  const { offer } = journey;
  const allowed = campaign.templateAttributes ?? [];
  const attributes = Object.fromEntries(
    allowed.flatMap((name) => {
      const own = customer.attributes && Object.hasOwn(customer.attributes, name);
      return own ? [[name, String(customer.attributes?.[name])]] : [];
    }),
  );
  return {
    firstName: customer.firstName ?? 'there',
    offer: campaign.offer?.description ?? '',
    offerCode: offer?.code ?? campaign.offer?.code ?? '',
    offerExpiresOn: formatExpiry(offer?.expiresOn),
    offerUses: String(campaign.offer?.uses ?? 1),
    lapsedCategory: journey.offerChoice?.lapsedCategory ?? '',
    attributes,
    link: `${base}/l/${sendId}`,
    unsubscribeUrl: `${base}/u/${sendId}`,
    postalAddress: deps.settings.postalAddress,
  };
}

/** A message the provider accepted; an SMS with the parts it is billed as. */
interface Delivered {
  messageId: string;
  parts?: number;
}

async function deliver(
  deps: MessageDeps,
  step: 'email' | 'sms',
  campaign: Campaign,
  customer: Required<CustomerRecord>,
  claim: SendClaim,
  journey: Pick<JourneyRecord, 'offer' | 'offerChoice'>,
): Promise<Delivered> {
  const values = templateValues(deps, campaign, customer, claim.sendId, journey);
  if (step === 'email') {
    const survey = campaign.survey
      ? surveyBlock(campaign.survey, deps.settings.publicUrl.replace(/\/$/, ''), claim.sendId)
      : undefined;
    const rendered = renderEmail(campaign.email, values, survey);
    const { messageId } = await deps.email.send({
      to: customer.email,
      ...rendered,
      unsubscribeUrl: values.unsubscribeUrl,
      tags: { campaign: campaign.campaignId, step, send: claim.sendId },
    });
    return { messageId };
  }
  const body = renderSms(campaign.sms.text, values);
  const { messageId } = await deps.sms.send({ phone: customer.phone, body, sendId: claim.sendId });
  return { messageId, parts: smsParts(body) };
}

export interface CallStepDeps extends PacedDeps {
  calls: CallScheduler;
}

/** Why a call cannot be placed: the customer's calling window never meets the managers' hours. */
export const NO_CALLABLE_HOURS = 'no callable hours';

/**
 * Places the journey's one-time call schedule and makes it the journey's `callSchedule`, the one a
 * response or a cancel deletes.
 */
export async function placeCallSchedule(
  deps: { calls: CallScheduler; journeys: JourneyStore },
  ids: { campaignId: string; customerId: string },
  name: string,
  at: Date,
  entry: TimelineEntry,
): Promise<void> {
  await deps.calls.schedule(name, at, { ...ids, scheduleName: name });
  await deps.journeys.record(ids.campaignId, ids.customerId, entry, { callSchedule: name });
}

/**
 * The last step: a one-time schedule creates the manager's call task inside both parties' hours.
 * It never loops back: a paused campaign is checked again when the schedule fires (createCallTask
 * defers the call from there), so the journey's execution ends here.
 */
export async function scheduleCallStep(
  deps: CallStepDeps,
  input: { campaignId: string; customerId: string },
): Promise<StepResult> {
  const { campaignId, customerId } = input;
  const ctx = await decide(deps, campaignId, customerId, 'call');
  const { decision, now, campaign, customer } = ctx;
  if (decision.action === 'stop') return stopHere(deps, campaignId, customerId, 'call', decision.reason, now);
  const paused = decision.action === 'defer' && decision.reason === 'campaign paused';
  const { timeZone } = recipientTimeZone(customer?.timeZone, deps.settings.defaultTimeZone);
  const customerHours = { window: windowOf(deps, campaign, 'call'), timeZone };
  // A slot of the managers' hourly capacity, inside their hours and the customer's calling window:
  // the calls of a large campaign spread over the following business days.
  const at = await reserveSlot(deps.slots, {
    resource: 'calls',
    capacity: perHour(deps.settings.manager.callsPerHour),
    from: now,
    allowed: (from) => callAt(from, deps.settings.manager, customerHours),
  });
  if (!at) {
    // The last step cannot happen: the journey has run its course.
    await deps.journeys.record(
      campaignId,
      customerId,
      {
        at: now.toISOString(),
        step: 'call',
        outcome: 'skipped',
        reason: NO_CALLABLE_HOURS,
      },
      { status: 'completed' },
    );
    await deps.customers.leaveJourney(customerId, campaignId, now.toISOString());
    return { action: 'end', outcome: 'skipped' };
  }
  await placeCallSchedule(deps, { campaignId, customerId }, callScheduleName(campaignId, customerId), at, {
    at: now.toISOString(),
    step: 'call',
    outcome: `call scheduled for ${at.toISOString()}`,
    ...(paused ? { reason: 'campaign paused: checked again when the call is due' } : {}),
  });
  return { action: 'end', outcome: 'call-scheduled' };
}
