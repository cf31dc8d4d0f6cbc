/**
 * What journeys need from storage and from the outside world. Adapters: DynamoDB for the stores,
 * SES v2, SNS, EventBridge Scheduler and Step Functions for the rest.
 */
import type { Campaign, CampaignStatus } from '../domain/journey/campaign.js';
import type { JourneyStep } from '../domain/journey/journey-rules.js';

export interface CampaignStore {
  get(campaignId: string): Promise<Campaign | undefined>;
  /** Stores a new campaign; `exists` when the id is taken. */
  create(campaign: Campaign): Promise<'created' | 'exists'>;
  /** Moves the status on when it is one of `from`; false otherwise. */
  setStatus(campaignId: string, status: CampaignStatus, from: readonly CampaignStatus[]): Promise<boolean>;
}

export type JourneyStatus = 'active' | 'held-out' | 'not-enrolled' | 'ended' | 'completed';

/** One entry of a journey's timeline: what a step did and when. */
export interface TimelineEntry {
  at: string;
  step: JourneyStep | 'start' | 'exit' | 'call-task';
  outcome: string;
  reason?: string;
}

export interface JourneyRecord {
  campaignId: string;
  customerId: string;
  status: JourneyStatus;
  enrolledAt: string;
  executionName?: string;
  /** The manager call's schedule, while one is pending. */
  callSchedule?: string;
  exitReason?: string;
  timeline: TimelineEntry[];
}

export interface JourneyStore {
  /** Records the enrolment; `exists` (nothing written) when this journey was enrolled before. */
  enrol(journey: JourneyRecord): Promise<'created' | 'exists'>;
  get(campaignId: string, customerId: string): Promise<JourneyRecord | undefined>;
  /** Appends to the timeline; optional status and call schedule changes. No-op on ended journeys. */
  record(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    change?: { status?: JourneyStatus; callSchedule?: string },
  ): Promise<void>;
  /** Ends an active journey with the reason; false when it had already ended (or never began). */
  end(campaignId: string, customerId: string, entry: TimelineEntry): Promise<JourneyRecord | undefined>;
  /** Every journey of a campaign, page by page. */
  list(campaignId: string): AsyncIterable<readonly JourneyRecord[]>;
}

/** The send ledger: one item per (campaign, customer, step), claimed before the provider is called. */
export interface SendClaim {
  customerId: string;
  campaignId: string;
  step: JourneyStep;
  /** Unique per claim; tags the provider's message so its events can be matched back. */
  sendId: string;
  claimedAt: string;
}

export interface SendRecord extends SendClaim {
  status: 'sending' | 'sent' | 'skipped';
  messageId?: string;
  sentAt?: string;
  reason?: string;
}

export interface SendLedger {
  /** Conditional put: `claimed`, or the record that holds the key already. */
  claim(claim: SendClaim): Promise<{ claimed: true } | { claimed: false; existing: SendRecord }>;
  markSent(claim: SendClaim, messageId: string, sentAt: string): Promise<void>;
  /** Gives a claim back after the provider refused the message (nothing was sent). */
  release(claim: SendClaim): Promise<void>;
  /** Messages (sent or in flight) to this customer from any campaign since the instant. */
  countSince(customerId: string, since: string): Promise<number>;
  get(customerId: string, campaignId: string, step: JourneyStep): Promise<SendRecord | undefined>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** RFC 8058 one-click unsubscribe URL (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl: string;
  /** Message tags for the configuration set's events: campaign, step, send id. No PII. */
  tags: Record<string, string>;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

export interface SmsSender {
  send(message: { phone: string; body: string; sendId: string }): Promise<{ messageId: string }>;
}

/** What the scheduled call target receives: identifiers only, the context is read when it runs. */
export interface CallSchedulePayload {
  campaignId: string;
  customerId: string;
  scheduleName: string;
}

export interface CallScheduler {
  /** One-time schedule at the instant; `exists` when a schedule of that name is there already. */
  schedule(name: string, at: Date, payload: CallSchedulePayload): Promise<'created' | 'exists'>;
  /** Deletes a pending schedule; a missing one is fine. */
  cancel(name: string): Promise<void>;
}

/** The journeys' state machine executions. */
export interface JourneyRuns {
  /** Starts a journey; `exists` when an execution of that name was started before. */
  start(name: string, input: { campaignId: string; customerId: string }): Promise<'started' | 'exists'>;
  /** Stops a journey's execution; one that already ended is fine. */
  stop(name: string, cause: string): Promise<void>;
}

/** A manager's call task, created when a journey's last step is due. */
export interface CallTask {
  taskId: string;
  campaignId: string;
  customerId: string;
  status: 'open' | 'done' | 'cancelled';
  dueAt: string;
  createdAt: string;
  /** What the manager needs: the offer, what was sent, purchase history, lapsed categories. */
  context: Record<string, unknown>;
  outcome?: string;
}

export interface CallTaskStore {
  /** Creates the task once; `exists` when the schedule fired before (a retried target). */
  create(task: CallTask): Promise<'created' | 'exists'>;
  list(status?: CallTask['status']): Promise<CallTask[]>;
}

export interface ManagerNotifier {
  notify(task: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>): Promise<void>;
}
