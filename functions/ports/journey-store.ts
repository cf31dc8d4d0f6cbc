/**
 * What journeys need from storage and from the outside world. Adapters: DynamoDB for the stores,
 * SES v2, SNS, EventBridge Scheduler and Step Functions for the rest.
 */

import type { AudienceCandidate } from '../domain/journey/audience.js';
import type { CallOutcome, CallTaskFilter, SurveyAnswer } from '../domain/journey/call-outcome.js';
import type {
  Campaign,
  CampaignRunFailure,
  CampaignStatus,
  FittedCampaignModel,
  LaunchSummary,
} from '../domain/journey/campaign.js';
import type { CampaignReport } from '../domain/journey/campaign-report.js';
import type { EmailStats, FeedbackKind } from '../domain/journey/delivery-feedback.js';
import type { JourneyStep } from '../domain/journey/journey-rules.js';

export interface CampaignStore {
  get(campaignId: string): Promise<Campaign | undefined>;
  /** Stores a new campaign; `exists` when the id is taken. */
  create(campaign: Campaign): Promise<'created' | 'exists'>;
  /** Moves the status on when it is one of `from`; false otherwise. */
  setStatus(campaignId: string, status: CampaignStatus, from: readonly CampaignStatus[]): Promise<boolean>;
  /** Every campaign, newest first. */
  list(): Promise<Campaign[]>;
  /** Keeps what the launch did: audience size, holdout, exclusions by reason. */
  recordLaunch(campaignId: string, summary: LaunchSummary): Promise<void>;
  /** Keeps the report the campaign run built (large campaigns' reports are read from it). */
  recordReport(campaignId: string, report: CampaignReport): Promise<void>;
  /** Keeps which model a campaign with its own model was fitted (once, at launch). */
  recordFittedModel(campaignId: string, model: FittedCampaignModel): Promise<void>;
  /** Keeps why a campaign run stopped part-way (operators are alarmed; marketers see it here). */
  recordRunFailure(campaignId: string, failure: CampaignRunFailure): Promise<void>;
  /** Counts one piece of SES feedback; answers the campaign's counts after it. */
  countFeedback(campaignId: string, kind: FeedbackKind): Promise<EmailStats>;
}

/** One page of a long listing and where the next one starts (absent on the last page). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** The scored customers a campaign selects from, in independent scan segments. */
export interface AudienceSource {
  /** `modelInputs`: also what fitting and rescoring with another model needs (T, mean value, as-of). */
  page(
    segment: number,
    totalSegments: number,
    cursor?: string,
    options?: { modelInputs?: boolean },
  ): Promise<Page<AudienceCandidate>>;
}

/** `failed`: a step could not go on past its retries; the error is the exit reason. */
export type JourneyStatus = 'active' | 'held-out' | 'not-enrolled' | 'ended' | 'completed' | 'failed';

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
  /** The customer's spend when enrolled: the report's revenue is what came after it. */
  spendAtEnrolment?: number;
  /** The customer's answer to the campaign's win-back survey. */
  survey?: SurveyAnswer & { at: string };
  /** The churn moment for the campaign's own θ, when it differs from the stored scores'. */
  churnMomentOn?: string | null;
  /** The manager call's schedule, while one is pending. */
  callSchedule?: string;
  exitReason?: string;
  timeline: TimelineEntry[];
}

export interface JourneyStore {
  /** Records the enrolment; `exists` (nothing written) when this journey was enrolled before. */
  enrol(journey: JourneyRecord): Promise<'created' | 'exists'>;
  get(campaignId: string, customerId: string): Promise<JourneyRecord | undefined>;
  /** Appends to the timeline; optional status, reason and call schedule changes. No-op unless active. */
  record(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    change?: { status?: JourneyStatus; exitReason?: string; callSchedule?: string },
  ): Promise<void>;
  /**
   * Ends an active journey (the first reason wins); `enrolledBy` ends it only when it began at or
   * before that instant (a purchase dated before enrolment is no response; one in the same
   * instant is). `status`: `failed` for a journey a step could not take on. Undefined: not ended.
   */
  end(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    options?: { enrolledBy?: string; status?: 'ended' | 'failed' },
  ): Promise<JourneyRecord | undefined>;
  /** Every journey of a campaign, page by page. */
  list(campaignId: string): AsyncIterable<readonly JourneyRecord[]>;
  /** One page of the campaign's journeys, and where the next starts. */
  page(campaignId: string, cursor?: string): Promise<Page<JourneyRecord>>;
  /** The campaign's journeys still active, one page from the cursor. */
  activePage(campaignId: string, cursor?: string): Promise<Page<JourneyRecord>>;
  /** How many of the campaign's journeys are still active. */
  countActive(campaignId: string): Promise<number>;
  /** Keeps a survey answer on the journey, whatever its status; false when there is no journey. */
  recordSurvey(
    campaignId: string,
    customerId: string,
    answer: SurveyAnswer & { at: string },
  ): Promise<boolean>;
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
  /** The send a public link names (index read: a send appears there within a second). */
  findBySendId(sendId: string): Promise<SendRecord | undefined>;
  /** Notes one kind of SES feedback on the send: true the first time, false for a repeat. */
  markFeedback(send: SendRecord, kind: FeedbackKind, at: string): Promise<boolean>;
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

/** Executions of one state machine (journeys, campaigns), named deterministically. */
export interface WorkflowRuns {
  /** Starts an execution; `exists` when an execution of that name was started before. */
  start(name: string, input: Record<string, string>): Promise<'started' | 'exists'>;
  /** Stops an execution; one that already ended (or never began) is fine. */
  stop(name: string, cause: string): Promise<void>;
}

/** The journeys' state machine executions. */
export type JourneyRuns = WorkflowRuns;

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
  /** The manager the task is given to. */
  assignee?: string;
  outcome?: CallOutcome & { recordedAt: string };
}

export interface CallTaskStore {
  /** Creates the task once; `exists` when the schedule fired before (a retried target). */
  create(task: CallTask): Promise<'created' | 'exists'>;
  get(taskId: string): Promise<CallTask | undefined>;
  /** Tasks in a status by due time, optionally one manager's, optionally due by an instant. */
  list(filter: CallTaskFilter): Promise<CallTask[]>;
  /** Gives the task to a manager; false when there is no such task. */
  assign(taskId: string, assignee: string): Promise<boolean>;
  /** Closes an open task with its outcome; false when it is not open (any more). */
  close(taskId: string, outcome: CallOutcome & { recordedAt: string }): Promise<boolean>;
}

export interface ManagerNotifier {
  notify(task: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>): Promise<void>;
}
