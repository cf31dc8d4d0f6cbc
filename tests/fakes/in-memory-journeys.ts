/**
 * In-memory implementations of the journey ports, for use-case tests: the same contract as the
 * DynamoDB, Scheduler and SNS adapters (conditional writes, "no-op unless active", `exists` on a
 * second create), none of the I/O. Customers come from InMemoryStore (in-memory-stores.ts).
 */
import type {
  CallOutcome,
  CallTaskFilter,
  SurveyAnswer,
} from '../../functions/domain/journey/call-outcome.js';
import type { CallSchedulePayload, CallTask } from '../../functions/domain/journey/call-task.js';
import type {
  Campaign,
  CampaignRunFailure,
  CampaignStatus,
  FittedCampaignModel,
  LaunchSummary,
} from '../../functions/domain/journey/campaign.js';
import type { CampaignReport } from '../../functions/domain/journey/campaign-report.js';
import type { EmailStats, FeedbackKind } from '../../functions/domain/journey/delivery-feedback.js';
import type {
  JourneyRecord,
  JourneyStatus,
  Redemption,
  TimelineEntry,
} from '../../functions/domain/journey/journey.js';
import type { JourneyStep } from '../../functions/domain/journey/journey-rules.js';
import type { OfferChoice } from '../../functions/domain/journey/offer-choice.js';
import type { JourneyOffer } from '../../functions/domain/journey/offer-codes.js';
import type { SendClaim, SendRecord } from '../../functions/domain/journey/send.js';
import type { CallScheduler } from '../../functions/ports/call-scheduler.js';
import type { CallTaskStore } from '../../functions/ports/call-task-store.js';
import type { CampaignStore } from '../../functions/ports/campaign-store.js';
import type { JourneyStore } from '../../functions/ports/journey-store.js';
import type { ManagerNotifier } from '../../functions/ports/manager-notifier.js';
import type { Page } from '../../functions/ports/page.js';
import type { ScoreStamp, ScoreStore, StoredScores } from '../../functions/ports/scoring-store.js';
import type { SendLedger } from '../../functions/ports/send-ledger.js';
import type { RunStatus, WorkflowRuns } from '../../functions/ports/workflow-runs.js';

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryCampaigns implements CampaignStore {
  readonly items = new Map<string, Campaign>();

  async get(campaignId: string) {
    const c = this.items.get(campaignId);
    return c && copy(c);
  }

  async create(campaign: Campaign) {
    if (this.items.has(campaign.campaignId)) return 'exists' as const;
    this.items.set(campaign.campaignId, copy(campaign));
    return 'created' as const;
  }

  async replaceDraft(campaign: Campaign, seenUpdatedAt?: string) {
    const stored = this.items.get(campaign.campaignId);
    if (stored?.status !== 'draft') return false;
    if (seenUpdatedAt !== undefined && stored.updatedAt !== seenUpdatedAt) return false;
    this.items.set(campaign.campaignId, copy(campaign));
    return true;
  }

  async setStatus(campaignId: string, status: CampaignStatus, from: readonly CampaignStatus[]) {
    const c = this.items.get(campaignId);
    if (!c || !from.includes(c.status)) return false;
    c.status = status;
    return true;
  }

  async list() {
    return [...this.items.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(copy);
  }

  async recordLaunch(campaignId: string, launch: LaunchSummary) {
    this.update(campaignId, { launch });
  }

  async recordReport(campaignId: string, report: CampaignReport) {
    this.update(campaignId, { report });
  }

  async recordFittedModel(campaignId: string, fittedModel: FittedCampaignModel) {
    this.update(campaignId, { fittedModel });
  }

  async recordRunFailure(campaignId: string, runFailure: CampaignRunFailure) {
    this.update(campaignId, { runFailure });
  }

  async countFeedback(campaignId: string, kind: FeedbackKind): Promise<EmailStats> {
    const c = this.items.get(campaignId);
    if (!c) return {};
    c.emailStats = { ...c.emailStats, [kind]: (c.emailStats?.[kind] ?? 0) + 1 };
    return { ...c.emailStats };
  }

  private update(campaignId: string, change: Partial<Campaign>) {
    const c = this.items.get(campaignId);
    if (c) Object.assign(c, copy(change));
  }
}

export class InMemoryJourneys implements JourneyStore {
  readonly items = new Map<string, JourneyRecord>();
  private key = (campaignId: string, customerId: string) => `${campaignId}#${customerId}`;

  async enrol(journey: JourneyRecord) {
    const key = this.key(journey.campaignId, journey.customerId);
    if (this.items.has(key)) return 'exists' as const;
    this.items.set(key, copy(journey));
    return 'created' as const;
  }

  async get(campaignId: string, customerId: string) {
    const j = this.items.get(this.key(campaignId, customerId));
    return j && copy(j);
  }

  async record(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    change: { status?: JourneyStatus; exitReason?: string; callSchedule?: string } = {},
  ) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (j?.status !== 'active') return;
    j.timeline.push(copy(entry));
    if (change.status) j.status = change.status;
    if (change.exitReason) j.exitReason = change.exitReason;
    if (change.callSchedule) j.callSchedule = change.callSchedule;
  }

  async end(
    campaignId: string,
    customerId: string,
    entry: TimelineEntry,
    options: { enrolledBy?: string; status?: 'ended' | 'failed' } = {},
  ) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (j?.status !== 'active') return undefined;
    if (options.enrolledBy && j.enrolledAt > options.enrolledBy) return undefined;
    j.status = options.status ?? 'ended';
    j.exitReason = entry.reason ?? entry.outcome;
    j.timeline.push(copy(entry));
    return copy(j);
  }

  async *list(campaignId: string) {
    yield this.of(campaignId);
  }

  async page(campaignId: string): Promise<Page<JourneyRecord>> {
    return { items: this.of(campaignId) };
  }

  async activePage(
    campaignId: string,
    _cursor?: string,
    options: { waitingForStep?: boolean } = {},
  ): Promise<Page<JourneyRecord>> {
    return {
      items: this.of(campaignId).filter(
        (j) => j.status === 'active' && !(options.waitingForStep && j.callSchedule),
      ),
    };
  }

  async countActive(campaignId: string) {
    return this.of(campaignId).filter((j) => j.status === 'active').length;
  }

  async bindOffer(campaignId: string, customerId: string, offer: JourneyOffer) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (j?.status !== 'active') return undefined;
    if (!j.offer) {
      j.offer = copy(offer);
      j.redemptions ??= {};
    }
    return copy(j.offer);
  }

  async recordRedemption(campaignId: string, customerId: string, orderId: string, redemption: Redemption) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (!j?.redemptions || j.redemptions[orderId]) return false;
    j.redemptions[orderId] = copy(redemption);
    return true;
  }

  async answerWithOffer(campaignId: string, customerId: string, choice: OfferChoice, entry: TimelineEntry) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (j?.status !== 'active' || j.offerChoice?.reason) return false;
    j.offerChoice = copy(choice);
    delete j.offer;
    j.timeline.push(copy(entry));
    return true;
  }

  async recordSurvey(
    campaignId: string,
    customerId: string,
    answer: SurveyAnswer & { at: string; sendId?: string },
  ) {
    const j = this.items.get(this.key(campaignId, customerId));
    if (!j) return false;
    j.survey = copy(answer);
    return true;
  }

  private of(campaignId: string) {
    return [...this.items.values()].filter((j) => j.campaignId === campaignId).map(copy);
  }
}

export class InMemoryScores implements ScoreStore {
  readonly items = new Map<string, StoredScores>();

  async stamps(customerIds: readonly string[]) {
    const found = new Map<string, ScoreStamp>();
    for (const id of customerIds) {
      const s = this.items.get(id);
      if (s)
        found.set(id, {
          customerId: id,
          modelVersion: s.modelVersion,
          churnThreshold: s.churnThreshold,
          statsRev: s.statsRev,
        });
    }
    return found;
  }

  async put(scores: readonly StoredScores[]) {
    for (const s of scores) this.items.set(s.customerId, copy(s));
  }

  async get(customerId: string) {
    const s = this.items.get(customerId);
    return s && copy(s);
  }
}

export class InMemorySendLedger implements SendLedger {
  readonly items = new Map<string, SendRecord & { feedback?: Partial<Record<FeedbackKind, string>> }>();
  private key = (customerId: string, campaignId: string, step: JourneyStep) =>
    `${customerId}#${campaignId}#${step}`;

  async claim(claim: SendClaim) {
    const key = this.key(claim.customerId, claim.campaignId, claim.step);
    const existing = this.items.get(key);
    if (existing) return { claimed: false as const, existing: copy(existing) };
    this.items.set(key, { ...copy(claim), status: 'sending' });
    return { claimed: true as const };
  }

  async markSent(claim: SendClaim, messageId: string, sentAt: string) {
    const r = this.items.get(this.key(claim.customerId, claim.campaignId, claim.step));
    if (!r || r.sendId !== claim.sendId) throw new Error('the claim is not this send any more');
    Object.assign(r, { status: 'sent', messageId, sentAt });
  }

  async release(claim: SendClaim) {
    const key = this.key(claim.customerId, claim.campaignId, claim.step);
    const r = this.items.get(key);
    if (r?.sendId === claim.sendId && r.status === 'sending') this.items.delete(key);
  }

  async countSince(customerId: string, since: string) {
    return [...this.items.values()].filter((r) => r.customerId === customerId && r.claimedAt >= since).length;
  }

  async get(customerId: string, campaignId: string, step: JourneyStep) {
    const r = this.items.get(this.key(customerId, campaignId, step));
    return r && copy(r);
  }

  /** A record as an earlier step left it (any status, `skipped` included). */
  seed(record: SendRecord) {
    this.items.set(this.key(record.customerId, record.campaignId, record.step), copy(record));
  }

  async findBySendId(sendId: string) {
    const r = [...this.items.values()].find((s) => s.sendId === sendId);
    return r && copy(r);
  }

  async markFeedback(send: SendRecord, kind: FeedbackKind, at: string) {
    const r = this.items.get(this.key(send.customerId, send.campaignId, send.step));
    if (!r || r.feedback?.[kind]) return false;
    r.feedback = { ...r.feedback, [kind]: at };
    return true;
  }
}

export class InMemoryCallTasks implements CallTaskStore {
  readonly items = new Map<string, CallTask>();

  async create(task: CallTask) {
    if (this.items.has(task.taskId)) return 'exists' as const;
    this.items.set(task.taskId, copy(task));
    return 'created' as const;
  }

  async get(taskId: string) {
    const t = this.items.get(taskId);
    return t && copy(t);
  }

  async list(filter: CallTaskFilter) {
    const dueBefore = filter.dueBefore ? new Date(filter.dueBefore).toISOString() : undefined;
    return [...this.items.values()]
      .filter(
        (t) =>
          t.status === filter.status &&
          (!dueBefore || t.dueAt <= dueBefore) &&
          (!filter.assignee || t.assignee === filter.assignee),
      )
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
      .map(copy);
  }

  async ofCampaign(campaignId: string) {
    return [...this.items.values()].filter((t) => t.campaignId === campaignId).map(copy);
  }

  async assign(taskId: string, assignee: string) {
    const t = this.items.get(taskId);
    if (!t) return false;
    t.assignee = assignee;
    return true;
  }

  async close(taskId: string, outcome: CallOutcome & { recordedAt: string }) {
    const t = this.items.get(taskId);
    if (t?.status !== 'open') return false;
    t.status = 'done';
    t.outcome = copy(outcome);
    return true;
  }
}

/** The managers' topic: keeps what was published. */
export class RecordingNotifier implements ManagerNotifier {
  readonly sent: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>[] = [];

  async notify(task: Pick<CallTask, 'taskId' | 'campaignId' | 'dueAt'>) {
    this.sent.push({ ...task });
  }
}

/** Scheduler's one-time schedules of the call group: pending ones by name, `exists` on a second. */
export class InMemoryCallScheduler implements CallScheduler {
  readonly pending = new Map<string, { at: Date; payload: CallSchedulePayload }>();

  async schedule(name: string, at: Date, payload: CallSchedulePayload) {
    if (name.length > 64 || !/^[0-9A-Za-z_.-]+$/.test(name)) throw new Error(`invalid schedule name ${name}`);
    if (this.pending.has(name)) return 'exists' as const;
    this.pending.set(name, { at, payload: { ...payload } });
    return 'created' as const;
  }

  async cancel(name: string) {
    this.pending.delete(name);
  }

  /** Fires a schedule the way Scheduler does: its payload to the target, then it is gone. */
  async fire<R>(name: string, target: (payload: CallSchedulePayload) => Promise<R>): Promise<R> {
    const schedule = this.pending.get(name);
    if (!schedule) throw new Error(`no pending schedule ${name}`);
    const result = await target(schedule.payload);
    this.pending.delete(name);
    return result;
  }
}

/** A state machine's executions: names started and stopped, each name started once. */
export class RecordingRuns implements WorkflowRuns {
  readonly started = new Map<string, Record<string, string>>();
  readonly stopped: string[] = [];

  async start(name: string, input: Record<string, string>) {
    if (this.started.has(name)) return 'exists' as const;
    this.started.set(name, { ...input });
    return 'started' as const;
  }

  async stop(name: string) {
    this.stopped.push(name);
  }

  /** Started ones run until stopped; `statuses` overrides (an execution that failed or vanished). */
  readonly statuses = new Map<string, RunStatus>();
  async status(name: string): Promise<RunStatus> {
    return (
      this.statuses.get(name) ??
      (this.stopped.includes(name) ? 'ABORTED' : this.started.has(name) ? 'RUNNING' : 'NOT_FOUND')
    );
  }
}
