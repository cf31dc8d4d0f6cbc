/**
 * What SES tells us after it accepted an email: sent, delivered, bounced, complained about,
 * rejected, opened, clicked, unsubscribed (SES subscription management, when the stage's emails
 * use an SES contact list besides our own RFC 8058 links). The events come from the stage's configuration set (through
 * EventBridge) and carry the message tags the send step set — campaign, step and send id — so
 * each one is matched to exactly one send of the ledger. Only hard (permanent) bounces count as
 * bounces: soft ones are retried by SES and say nothing about the address.
 *
 * A campaign pauses itself (a circuit breaker, reliability reference C2) when its hard-bounce
 * rate reaches 2 % or its complaint rate 0.08 % by default — deliberately below the levels at
 * which SES reviews an account (5 % / 0.1 %) and Gmail's spam-rate limits — once enough emails
 * went out to judge.
 */
import * as z from 'zod';

export const FEEDBACK_KINDS = [
  'sent',
  'delivered',
  'bounced',
  'complained',
  'rejected',
  'opened',
  'clicked',
  'unsubscribed',
] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** SES event types (event publishing) and what they count as; the rest are not counted. */
const KIND_OF: Record<string, FeedbackKind> = {
  Send: 'sent',
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
  Reject: 'rejected',
  Open: 'opened',
  Click: 'clicked',
  Subscription: 'unsubscribed',
};

export interface DeliveryFeedback {
  kind: FeedbackKind;
  /** Our send id, from the message tag `send`. */
  sendId: string;
  campaignId: string;
  messageId: string;
  /** `bounced` only: SES's bounce sub-type, for the suppression reason. */
  detail?: string;
}

const tag = z.array(z.string()).min(1);
const sesEventSchema = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    tags: z.object({ send: tag, campaign: tag }).loose(),
  }),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional() }).optional(),
  subscription: z
    .object({
      newTopicPreferences: z
        .object({
          unsubscribeAll: z.boolean().optional(),
          topicSubscriptionStatus: z.array(z.object({ subscriptionStatus: z.string() }).loose()).optional(),
        })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
});

/** A subscription change counts when the customer left: every topic, or any one of them. */
function optedOut(subscription: z.infer<typeof sesEventSchema>['subscription']): boolean {
  const preferences = subscription?.newTopicPreferences;
  return (
    preferences?.unsubscribeAll === true ||
    (preferences?.topicSubscriptionStatus ?? []).some((t) => t.subscriptionStatus === 'OptOut')
  );
}

/**
 * Reads one SES event record (the `detail` of the EventBridge event). Undefined for an event that
 * is not about one of our sends (no tags: sent by something else through the same account) or
 * that we do not count (a soft bounce, a delivery delay, a rendering failure, a subscription
 * change that opts in).
 */
export function readSesEvent(record: unknown): DeliveryFeedback | undefined {
  const parsed = sesEventSchema.safeParse(record);
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const kind = KIND_OF[event.eventType];
  if (!kind) return undefined;
  if (kind === 'bounced' && event.bounce?.bounceType !== 'Permanent') return undefined;
  if (kind === 'unsubscribed' && !optedOut(event.subscription)) return undefined;
  return {
    kind,
    sendId: event.mail.tags.send[0] as string,
    campaignId: event.mail.tags.campaign[0] as string,
    messageId: event.mail.messageId,
    ...(kind === 'bounced' ? { detail: `hard bounce (${event.bounce?.bounceSubType ?? 'General'})` } : {}),
  };
}

export type EmailStats = Partial<Record<FeedbackKind, number>>;

export interface FeedbackLimits {
  /** Hard bounces per email sent at which the campaign pauses itself. */
  bounceRate: number;
  /** Complaints per email sent at which the campaign pauses itself. */
  complaintRate: number;
  /** Emails sent before the rates are judged (one bounce in the first ten says little). */
  minSent: number;
}

/** Why the campaign must pause, or undefined while its rates are healthy. */
export function feedbackPauseReason(stats: EmailStats, limits: FeedbackLimits): string | undefined {
  const sent = stats.sent ?? 0;
  if (sent < limits.minSent) return undefined;
  const percent = (n: number) => `${(n * 100).toFixed(2)} %`;
  const bounceRate = (stats.bounced ?? 0) / sent;
  if (bounceRate >= limits.bounceRate)
    return `bounce rate ${percent(bounceRate)} reached the limit of ${percent(limits.bounceRate)}`;
  const complaintRate = (stats.complained ?? 0) / sent;
  if (complaintRate >= limits.complaintRate)
    return `complaint rate ${percent(complaintRate)} reached the limit of ${percent(limits.complaintRate)}`;
  return undefined;
}
