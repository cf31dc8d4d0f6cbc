/**
 * The manager call of a journey (`scheduleCallStep` in journey-steps.ts, `createCallTask` in
 * create-call-task.ts) with in-memory ports: a paused campaign never holds the journey's execution
 * back — the call is scheduled as usual, and the schedule defers itself while the campaign stays
 * paused, to a later time inside the managers' hours, until a resume lets it create the task.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallSchedulePayload } from '../../../functions/domain/journey/call-task.js';
import type { Campaign } from '../../../functions/domain/journey/campaign.js';
import { callScheduleName, DAY_MS } from '../../../functions/domain/journey/journey-rules.js';
import { type ContactWindow, isInWindow } from '../../../functions/domain/journey/send-window.js';
import { type CallTaskDeps, createCallTask } from '../../../functions/use-cases/create-call-task.js';
import { type CallStepDeps, scheduleCallStep } from '../../../functions/use-cases/journey-steps.js';
import {
  InMemoryCallScheduler,
  InMemoryCallTasks,
  InMemoryCampaigns,
  InMemoryJourneys,
  InMemoryScores,
  InMemorySendLedger,
  RecordingNotifier,
} from '../../fakes/in-memory-journeys.js';
import { InMemorySlotBook } from '../../fakes/in-memory-slot-book.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { runningCampaign } from '../../support/campaigns.js';
import { joinJourney } from '../../support/join-journey.js';

/** Wednesday 16:00 in Berlin (the managers), 10:00 in New York (the customer): both open. */
const NOW = new Date('2026-06-10T14:00:00Z');
const HOUR = 3_600_000;
const manager = {
  window: { start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] } as ContactWindow,
  timeZone: 'Europe/Berlin',
  callsPerHour: 20,
};
const callWindow = { start: '09:00', end: '20:00' };
const anyTime = { start: '00:00', end: '23:59' };
const ids = { campaignId: 'spring', customerId: 'c-1' };
const base = callScheduleName(ids.campaignId, ids.customerId);

describe('Use case: the manager call of a paused campaign', () => {
  let now: Date;
  let campaigns: InMemoryCampaigns;
  let journeys: InMemoryJourneys;
  let customers: InMemoryStore;
  let calls: InMemoryCallScheduler;
  let tasks: InMemoryCallTasks;
  let notifier: RecordingNotifier;
  let stepDeps: CallStepDeps;
  let taskDeps: CallTaskDeps;

  const setCampaign = (status: Campaign['status']) => {
    const c = campaigns.items.get(ids.campaignId);
    if (c) c.status = status;
  };
  /** Scheduler fires the pending schedule at its time: the clock reads that time. */
  const fire = (name: string) => {
    const due = calls.pending.get(name)?.at;
    if (due) now = due;
    return calls.fire(name, (payload: CallSchedulePayload) => createCallTask(taskDeps, payload));
  };
  const onlyPending = () => {
    expect(calls.pending.size).toBe(1);
    const [name, schedule] = [...calls.pending][0] ?? [];
    return { name: name as string, ...(schedule as { at: Date; payload: CallSchedulePayload }) };
  };

  beforeEach(async () => {
    now = NOW;
    campaigns = new InMemoryCampaigns();
    journeys = new InMemoryJourneys();
    customers = new InMemoryStore();
    calls = new InMemoryCallScheduler();
    tasks = new InMemoryCallTasks();
    notifier = new RecordingNotifier();
    const settings = {
      windows: { email: anyTime, sms: anyTime, call: callWindow },
      manager,
      frequencyCap: { messages: 10, days: 7 },
      exclusivity: { oneJourneyAtATime: true, cooldownDays: 14 },
      pausedRecheckHours: 6,
      defaultTimeZone: 'UTC',
      publicUrl: 'https://shop.example',
      postalAddress: '1 Main St',
      pacing: { emailPerSecond: 14, smsPartsPerSecond: 1 },
      smsOrigination: 'default',
    };
    const stores = {
      campaigns,
      journeys,
      customers,
      scores: new InMemoryScores(),
      sends: new InMemorySendLedger(),
      clock: () => now,
    };
    stepDeps = { ...stores, settings, calls, slots: new InMemorySlotBook() };
    taskDeps = { ...stores, settings, calls, tasks, notifier };
    await campaigns.create(
      runningCampaign(
        ids.campaignId,
        {
          name: 'Spring',
          holdoutPercent: 0,
          email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
          sms: { text: 'Hi' },
        },
        new Date(NOW.getTime() - 20 * DAY_MS),
      ),
    );
    await customers.upsertProfiles([
      {
        customerId: ids.customerId,
        email: 'kim@example.com',
        phone: '+14155550100',
        timeZone: 'America/New_York',
        consent: { email: true, sms: true },
        attributes: {},
      },
    ]);
    await journeys.enrol({
      ...ids,
      status: 'active',
      enrolledAt: new Date(NOW.getTime() - 10 * DAY_MS).toISOString(),
      executionName: `j-${ids.campaignId}-${ids.customerId}`,
      timeline: [],
    });
  });

  it('schedules the call as usual while the campaign is paused and ends the step, the journey still active', async () => {
    // Prepare
    setCampaign('paused');

    // Act
    const result = await scheduleCallStep(stepDeps, ids);

    // Assess
    expect(result).toEqual({ action: 'end', outcome: 'call-scheduled' });
    expect(onlyPending()).toMatchObject({ name: base, at: NOW, payload: { ...ids, scheduleName: base } });
    const journey = await journeys.get(ids.campaignId, ids.customerId);
    expect(journey).toMatchObject({ status: 'active', callSchedule: base });
    expect(journey?.timeline.at(-1)).toMatchObject({
      step: 'call',
      outcome: `call scheduled for ${NOW.toISOString()}`,
      reason: expect.stringMatching(/campaign paused/),
    });
  });

  it('creates no task when the schedule fires while the campaign is paused, and defers the call into the managers hours', async () => {
    // Prepare
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');

    // Act
    const result = await fire(base);

    // Assess: 6 hours on is 22:00 in Berlin; the office opens Thursday 09:00 (03:00 in New York),
    // and the customer takes calls from 09:00 New York = 13:00Z, 15:00 in Berlin.
    const deferred = onlyPending();
    expect(deferred.at).toEqual(new Date('2026-06-11T13:00:00Z'));
    expect(deferred.at.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 6 * HOUR);
    expect(isInWindow(deferred.at, manager.window, manager.timeZone)).toBe(true);
    expect(deferred.name).not.toBe(base);
    expect(deferred.name.length).toBeLessThanOrEqual(64);
    expect(deferred.payload).toEqual({ ...ids, scheduleName: deferred.name });
    expect(result).toEqual({
      created: false,
      reason: `campaign paused: call deferred to ${deferred.at.toISOString()}`,
    });
    expect(tasks.items.size).toBe(0);
    expect(notifier.sent).toEqual([]);
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({
      status: 'active',
      callSchedule: deferred.name,
    });
  });

  it('creates the task once the deferred schedule fires after the campaign resumed', async () => {
    // Prepare
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');
    await fire(base);
    const deferred = onlyPending();
    setCampaign('running');

    // Act
    const result = await fire(deferred.name);

    // Assess
    expect(result).toEqual({ created: true });
    expect([...tasks.items.values()]).toEqual([
      expect.objectContaining({
        taskId: deferred.name,
        ...ids,
        status: 'open',
        dueAt: deferred.at.toISOString(),
      }),
    ]);
    expect(notifier.sent).toEqual([
      { taskId: deferred.name, campaignId: ids.campaignId, dueAt: deferred.at.toISOString() },
    ]);
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({ status: 'completed' });
    expect(calls.pending.size).toBe(0);
  });

  it('completes the journey and lets go of the customer when the target is retried after a crash that followed the task', async () => {
    // Prepare: the customer is in the journey; the first delivery dies right after creating the task
    await joinJourney(customers, ids.customerId, ids.campaignId);
    await scheduleCallStep(stepDeps, ids);
    const { name, payload } = onlyPending();
    const record = journeys.record.bind(journeys);
    journeys.record = async () => {
      journeys.record = record;
      throw new Error('the function died after the task was created');
    };
    now = calls.pending.get(name)?.at ?? now;
    await expect(createCallTask(taskDeps, payload)).rejects.toThrow(/died/);

    // Act: Scheduler delivers the event again
    const retried = await createCallTask(taskDeps, payload);

    // Assess
    expect(retried).toEqual({ created: false });
    expect(tasks.items.size).toBe(1);
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({ status: 'completed' });
    expect((await customers.get(ids.customerId))?.journeys ?? []).toEqual([]);
  });

  it('defers again under a new name for as long as the campaign stays paused', async () => {
    // Prepare
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');
    await fire(base);
    const first = onlyPending();

    // Act
    await fire(first.name);

    // Assess
    const second = onlyPending();
    expect(second.name).not.toBe(first.name);
    expect(second.name).not.toBe(base);
    expect(second.at.getTime()).toBeGreaterThanOrEqual(first.at.getTime() + 6 * HOUR);
    expect(isInWindow(second.at, manager.window, manager.timeZone)).toBe(true);
    expect((await journeys.get(ids.campaignId, ids.customerId))?.callSchedule).toBe(second.name);
  });

  it('places no second schedule when a fired schedule is delivered again, paused or resumed', async () => {
    // Prepare
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');
    const original = calls.pending.get(base)?.payload as CallSchedulePayload;
    await fire(base);
    const deferred = onlyPending();

    // Act: Scheduler and Lambda retry their target, and a redrive replays a dead-lettered event.
    const whilePaused = await createCallTask(taskDeps, original);
    setCampaign('running');
    const afterResume = await createCallTask(taskDeps, original);

    // Assess
    expect(whilePaused.created).toBe(false);
    expect(afterResume.created).toBe(false);
    expect(onlyPending().name).toBe(deferred.name);
    expect(tasks.items.size).toBe(0);
    expect(await fire(deferred.name)).toEqual({ created: true });
  });

  it('creates no task and places no schedule when the campaign was cancelled while the call was deferred', async () => {
    // Prepare
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');
    await fire(base);
    const deferred = onlyPending();
    setCampaign('cancelled');

    // Act
    const result = await fire(deferred.name);

    // Assess
    expect(result).toEqual({ created: false, reason: 'campaign cancelled' });
    expect(calls.pending.size).toBe(0);
    expect(tasks.items.size).toBe(0);
  });

  it("ends the call step without a call when the campaign is still paused on the journey's last day", async () => {
    // Prepare: enrolled almost a year ago.
    journeys.items.clear();
    await journeys.enrol({
      ...ids,
      status: 'active',
      enrolledAt: new Date(NOW.getTime() - 364.9 * DAY_MS).toISOString(),
      timeline: [],
    });
    await scheduleCallStep(stepDeps, ids);
    setCampaign('paused');

    // Act
    const result = await fire(base);

    // Assess
    expect(result).toMatchObject({
      created: false,
      reason: expect.stringMatching(/past the journey's last day/),
    });
    expect(calls.pending.size).toBe(0);
    expect(tasks.items.size).toBe(0);
    expect(await journeys.get(ids.campaignId, ids.customerId)).toMatchObject({ status: 'completed' });
  });
});
