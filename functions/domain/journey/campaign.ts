/**
 * A win-back campaign as marketers define it: when to reach each customer (a lead time before the
 * predicted churn moment, at the churn threshold θ), what to say on each channel, how long to
 * wait for an answer before the next channel, and the holdout kept for measuring lift.
 * Templates are checked when the campaign is created: an unknown variable is refused then, never
 * discovered at send time.
 */
import * as z from 'zod';
import { TRANSACTION_MODELS } from '../scoring/model-names.js';
import { storableNumber } from '../validation.js';
import { type AudienceExclusion, audienceSchema } from './audience.js';
import type { CampaignReport } from './campaign-report.js';
import type { EmailStats } from './delivery-feedback.js';
import { DEFAULT_PRIORITY, type HeldBackReason } from './exclusivity.js';
import { offerCodesSchema } from './offer-codes.js';
import { offerConditionSchema, offerRuleProblems } from './offer-rules.js';
import { contactWindowSchema } from './send-window.js';
import { surveySchema } from './survey.js';
import { attributeVariablesOf, templateSchema } from './templates.js';
import { BASE_VARIANT, MAX_VARIANTS, variantProblems, variantSchema } from './variants.js';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** What a marketer may do to a campaign. */
export const CAMPAIGN_ACTIONS = ['start', 'pause', 'resume', 'cancel'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Per action: the statuses it moves from and where it leads. */
const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};

/**
 * What an action does to a campaign in a status: `move` from there to `to`; `done` when the
 * campaign is there already (a repeated request is answered, not refused); `refused` otherwise.
 */
export function campaignTransition(
  status: CampaignStatus,
  action: CampaignAction,
): { kind: 'move'; to: CampaignStatus } | { kind: 'done' } | { kind: 'refused'; reason: string } {
  const { from, to } = TRANSITIONS[action];
  if (status === to) return { kind: 'done' };
  if (from.includes(status)) return { kind: 'move', to };
  return { kind: 'refused', reason: `cannot ${action} a campaign that is ${status}` };
}

/** Campaign ids appear in execution and schedule names: short, and only name-safe characters. */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;
export const CAMPAIGN_ID_RULE = 'must be 1-24 lower-case letters, digits or -';
export const campaignIdSchema = z.string().regex(CAMPAIGN_ID_PATTERN, CAMPAIGN_ID_RULE);

const hours = (max: number) => storableNumber().positive().max(max);

/** What a campaign (or one of its variants) offers: a description, a shared code, personal codes. */
export const offerSchema = z
  .strictObject({
    /** What the customer is offered, e.g. "15% off your next order". */
    description: z.string().trim().min(1).max(200),
    /** One code for everybody (`{{offerCode}}` when the campaign has no personal codes). */
    code: z
      .string()
      .regex(/^[A-Z0-9-]{3,32}$/)
      .optional(),
    /** A single-use code of their own for each customer: generated, or claimed from a pool. */
    codes: offerCodesSchema.optional(),
    /** What one redemption costs the shop, in the base currency: what the spending guard weighs. */
    value: storableNumber().min(0).max(1e6).optional(),
    /** "Your next N orders": the code is valid for this many orders (1 by default). */
    uses: storableNumber().int().min(1).max(10).optional(),
  })
  .superRefine((offer, ctx) => {
    if (offer.codes?.source === 'pool' && offer.codes.whenPoolRunsOut === 'shared-code' && !offer.code)
      ctx.addIssue({
        code: 'custom',
        path: ['codes', 'whenPoolRunsOut'],
        message: "'shared-code' needs the offer's shared code (offer.code) to fall back on",
      });
  });

/** The settings' fields, without the checks across them (for documents that derive from it). */
export const campaignSettingsObject = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** Reach each customer this many days before their predicted churn moment. */
  leadDays: storableNumber().min(0).max(180).default(7),
  /** θ: the churn moment is when P(alive) falls below it; the scoring run's θ when absent. */
  churnThreshold: storableNumber().gt(0).lt(1).optional(),
  /**
   * The transaction model the audience is judged by (P(alive), CLV, churn moment); the one that
   * scored the customers when absent. Fitted at launch on a random sample of the stored scores.
   */
  model: z.enum(TRANSACTION_MODELS).optional(),
  /** Who is reached: the horizon and the marketer's filters on the stored scores. */
  audience: audienceSchema.prefault({}),
  /**
   * Which campaign gets a customer two campaigns want: the higher. A journey of higher priority
   * takes over from one of lower; equal priority, the journey under way keeps the customer.
   */
  priority: storableNumber().int().min(0).max(100).default(DEFAULT_PRIORITY),
  /** Share of the audience kept as a control group (no message), for the lift in the report. */
  holdoutPercent: storableNumber().min(0).max(50).default(10),
  /** A purchase within this many days of enrolment counts as reactivated in the report. */
  attributionDays: storableNumber().int().min(1).max(365).default(30),
  offer: offerSchema.optional(),
  /** Where the tracked link (`{{link}}`) lands the customer after the click is recorded. */
  landingUrl: z
    .string()
    .max(2000)
    .url()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  email: z.strictObject({
    subject: templateSchema(200),
    html: templateSchema(100_000),
    text: templateSchema(50_000),
    /** Hours to wait for a response after the email before the SMS step. */
    responseWindowHours: hours(24 * 60).default(72),
  }),
  sms: z.strictObject({
    text: templateSchema(480),
    /** Hours to wait for a response after the SMS before the call task. */
    responseWindowHours: hours(24 * 60).default(48),
  }),
  /** At most this many messages per customer across campaigns within `days`; the deployment's when absent. */
  frequencyCap: z
    .strictObject({
      messages: storableNumber().int().min(1).max(100),
      days: storableNumber().int().min(1).max(90),
    })
    .optional(),
  /** Local-time windows per channel; the deployment's defaults when absent. */
  windows: z
    .strictObject({
      email: contactWindowSchema.optional(),
      sms: contactWindowSchema.optional(),
      call: contactWindowSchema.optional(),
    })
    .prefault({}),
  /**
   * Offers by rule: tiers by predicted value, P(alive), segment or lapsed category, each with its
   * offer (null: the message without an incentive). They must not overlap; a customer no rule
   * matches gets `offer`.
   */
  offerRules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, 'must be 1-24 lower-case letters, digits or -'),
        when: offerConditionSchema,
        offer: offerSchema.nullable(),
      }),
    )
    .min(1)
    .max(10)
    .optional(),
  /**
   * An incentive is never worth more than `maxShareOfValue` of the customer's 365-day CLV; a
   * customer below that gets the message without it (`no-offer`) or no message (`no-message`).
   */
  spendingGuard: z
    .strictObject({
      maxShareOfValue: storableNumber().gt(0).max(1),
      otherwise: z.enum(['no-offer', 'no-message']).default('no-offer'),
    })
    .optional(),
  /** One-click reasons for leaving in the email, and the offers that answer some of them. */
  survey: surveySchema(offerSchema).optional(),
  /** Customer attributes the templates may show as `{{attribute.<name>}}` (a loyalty balance, its expiry). */
  templateAttributes: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
          'must be an attribute name: a letter, then letters, digits or _',
        ),
    )
    .max(20)
    .optional(),
  /**
   * Up to four variants of the messages and/or the offer, each for a share of the audience; the
   * campaign's own messages (`base`) get what the shares and the holdout leave.
   */
  variants: z.array(variantSchema(offerSchema)).min(1).max(MAX_VARIANTS).optional(),
});

export const campaignSettingsSchema = campaignSettingsObject.superRefine((settings, ctx) => {
  for (const problem of [
    ...variantProblems(settings.variants ?? [], settings.holdoutPercent),
    ...offerRuleProblems(settings.offerRules ?? []),
    ...guardProblems(settings),
    ...attributeProblems(settings),
  ])
    ctx.addIssue({ code: 'custom', ...problem });
});

type Problem = { path: (string | number)[]; message: string };

export type Offer = z.output<typeof offerSchema>;

/** Every offer a definition holds, with its path: its own, its rules', its variants' and its survey's. */
export function offersOf(settings: z.output<typeof campaignSettingsObject>): {
  path: (string | number)[];
  offer: Offer | null | undefined;
  from: 'campaign' | 'rule' | 'variant' | 'reason';
}[] {
  return [
    { path: ['offer'], offer: settings.offer, from: 'campaign' },
    ...(settings.offerRules ?? []).map((r, i) => ({
      path: ['offerRules', i, 'offer'],
      offer: r.offer,
      from: 'rule' as const,
    })),
    ...(settings.variants ?? []).map((v, i) => ({
      path: ['variants', i, 'offer'],
      offer: v.offer,
      from: 'variant' as const,
    })),
    ...Object.entries(settings.survey?.reasonOffers ?? {}).map(([reason, offer]) => ({
      path: ['survey', 'reasonOffers', reason],
      offer,
      from: 'reason' as const,
    })),
  ];
}

/**
 * The spending guard weighs each incentive's `value`: an offer it would guard must state one (an
 * offer answering the customer's own reason is not guarded).
 */
function guardProblems(settings: z.output<typeof campaignSettingsObject>): Problem[] {
  if (!settings.spendingGuard) return [];
  return offersOf(settings)
    .filter(({ offer, from }) => from !== 'reason' && offer && offer.value === undefined)
    .map(({ path }) => ({
      path: [...path, 'value'],
      message: 'the spending guard weighs what an incentive costs: give this offer its value',
    }));
}

/** `{{attribute.<name>}}` in a template must name an allow-listed attribute (`templateAttributes`). */
function attributeProblems(settings: z.output<typeof campaignSettingsObject>): Problem[] {
  const allowed = new Set(settings.templateAttributes ?? []);
  const templates: [(string | number)[], string | undefined][] = [
    [['email', 'subject'], settings.email.subject],
    [['email', 'html'], settings.email.html],
    [['email', 'text'], settings.email.text],
    [['sms', 'text'], settings.sms.text],
    ...(settings.variants ?? []).flatMap((v, i): [(string | number)[], string | undefined][] => [
      [['variants', i, 'email', 'subject'], v.email?.subject],
      [['variants', i, 'email', 'html'], v.email?.html],
      [['variants', i, 'email', 'text'], v.email?.text],
      [['variants', i, 'sms', 'text'], v.sms?.text],
    ]),
  ];
  const problems: Problem[] = [];
  for (const [path, template] of templates) {
    const unlisted = attributeVariablesOf(template ?? '').filter((name) => !allowed.has(name));
    if (unlisted.length > 0)
      problems.push({
        path,
        message: `${unlisted.map((n) => `{{attribute.${n}}}`).join(', ')}: not in templateAttributes (${[...allowed].join(', ') || 'none listed'})`,
      });
  }
  return problems;
}

export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

/** What a launch did, kept on the campaign. */
export interface LaunchSummary {
  launchedAt: string;
  /** Scored customers looked at. */
  scanned: number;
  /** In the audience: journeys started plus the holdout. */
  selected: number;
  started: number;
  heldOut: number;
  excluded: Partial<Record<LaunchExclusion, number>>;
}

/** Why a launch passed a scored customer over: the audience's rules, or another campaign's journey. */
export type LaunchExclusion = AudienceExclusion | HeldBackReason;

export interface Campaign extends CampaignSettings {
  campaignId: string;
  status: CampaignStatus;
  createdAt: string;
  updatedAt: string;
  launch?: LaunchSummary;
  /** What SES reported about the campaign's emails, counted once per send and kind. */
  emailStats?: EmailStats;
  /** The campaign's own model (`model`), as fitted at launch. */
  fittedModel?: FittedCampaignModel;
  /** The latest report its campaign run built (what a large campaign's report request answers). */
  report?: CampaignReport;
  /** A campaign run (launch, completion checks, cancel) that stopped on a failure past its retries. */
  runFailure?: CampaignRunFailure;
}

export interface CampaignRunFailure {
  /** The run that failed: `launch` (with its completion checks) or `cancel`. */
  run: 'launch' | 'cancel';
  /** The error and its message, as `failureReason` keeps them. */
  reason: string;
  at: string;
}

export interface FittedCampaignModel {
  model: string;
  /** In the models table. */
  version: string;
  /** Customers in the random sample it was fitted on. */
  customers: number;
  /** The latest as-of day of the sampled scores. */
  asOf: string;
  fittedAt: string;
}

/**
 * The campaign as a customer of one variant sees it: the variant's templates and offer over the
 * campaign's own (`base`, or a variant no longer defined: the campaign's own).
 */
export function campaignForVariant(campaign: Campaign, variantId: string | undefined): Campaign {
  const variant =
    variantId && variantId !== BASE_VARIANT ? campaign.variants?.find((v) => v.id === variantId) : undefined;
  if (!variant) return campaign;
  return {
    ...campaign,
    email: { ...campaign.email, ...variant.email },
    sms: { ...campaign.sms, ...variant.sms },
    ...(variant.offer ? { offer: variant.offer } : {}),
  };
}
