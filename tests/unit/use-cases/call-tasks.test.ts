/**
 * The managers' queue (call-tasks.ts) with in-memory ports: a call that reached the customer makes
 * its manager the customer's previous contact; the customer's next win-back call task names them,
 * and is not given to them unless the request says so.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallTaskQueueDeps } from '../../../functions/use-cases/call-tasks.js';
import { assignCallTask, recordCallOutcome } from '../../../functions/use-cases/call-tasks.js';
import { type CallTaskDeps, createCallTask } from '../../../functions/use-cases/create-call-task.js';
import {
  InMemoryCallScheduler,
  InMemoryCallTasks,
  InMemoryCampaigns,
  InMemoryJourneys,
  InMemoryScores,
  InMemorySendLedger,
  RecordingNotifier,
} from '../../fakes/in-memory-journeys.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';
import { runningCampaign } from '../../support/campaigns.js';

const MARCH = new Date('2026-03-04T10:00:00Z');
const JUNE = new Date('2026-06-10T14:00:00Z');
const customerId = 'c-1';

describe('Use case: the call task queue and the previous contact', () => {
  let now: Date;
  let customers: InMemoryStore;
  let tasks: InMemoryCallTasks;
  let journeys: InMemoryJourneys;
  let queue: CallTaskQueueDeps;
  let taskDeps: CallTaskDeps;

  /** A campaign whose journey for the customer is due its call now: the schedule fires. */
  const callFalls = async (campaignId: string) => {
    await taskDeps.campaigns.create(
      runningCampaign(
        campaignId,
        { name: campaignId, email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, sms: { text: 'Hi' } },
        now,
      ),
    );
    await journeys.enrol({
      campaignId,
      customerId,
      status: 'active',
      enrolledAt: now.toISOString(),
      executionName: `j-${campaignId}-${customerId}`,
      timeline: [],
    });
    const scheduleName = `call-${campaignId}-${customerId}`;
    await createCallTask(taskDeps, { campaignId, customerId, scheduleName });
    return scheduleName;
  };

  beforeEach(async () => {
    now = MARCH;
    customers = new InMemoryStore();
    tasks = new InMemoryCallTasks();
    journeys = new InMemoryJourneys();
    const clock = () => now;
    queue = { tasks, customers, clock };
    taskDeps = {
      campaigns: new InMemoryCampaigns(),
      journeys,
      customers,
      scores: new InMemoryScores(),
      sends: new InMemorySendLedger(),
      tasks,
      notifier: new RecordingNotifier(),
      calls: new InMemoryCallScheduler(),
      clock,
      settings: {
        windows: {
          email: { start: '00:00', end: '23:59' },
          sms: { start: '00:00', end: '23:59' },
          call: { start: '00:00', end: '23:59' },
        },
        manager: {
          window: { start: '00:00', end: '23:59', weekdays: [1, 2, 3, 4, 5, 6, 7] },
          timeZone: 'UTC',
          callsPerHour: 20,
        },
        pausedRecheckHours: 6,
        defaultTimeZone: 'UTC',
      },
    };
    await customers.upsertProfiles([
      {
        customerId,
        phone: '+14155550100',
        timeZone: 'UTC',
        consent: { email: true, sms: true },
        attributes: {},
      },
    ]);
  });

  it("gives the next campaign's call to a manager other than the one who reached the customer", async () => {
    // Prepare: spring's call, taken and made by m-7
    const spring = await callFalls('spring');
    expect((await tasks.get(spring))?.previousContact).toBeUndefined();
    await assignCallTask(queue, spring, { assignee: 'm-7' });
    await recordCallOutcome(queue, spring, {
      reached: true,
      result: 'not-interested',
      leavingReason: 'price',
    });

    // Act: autumn's call falls due months later
    now = JUNE;
    const autumn = await callFalls('autumn');

    // Assess: the task names m-7, m-7 is refused, anyone else (or m-7 when asked for) is not
    const contact = { managerId: 'm-7', at: MARCH.toISOString() };
    expect((await customers.get(customerId))?.previousContact).toEqual(contact);
    expect((await tasks.get(autumn))?.previousContact).toEqual(contact);
    await expect(assignCallTask(queue, autumn, { assignee: 'm-7' })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/m-7 reached this customer last.*allowPreviousContact/),
    });
    expect((await tasks.get(autumn))?.assignee).toBeUndefined();
    expect((await assignCallTask(queue, autumn, { assignee: 'm-9' })).assignee).toBe('m-9');
    expect(
      (await assignCallTask(queue, autumn, { assignee: 'm-7', allowPreviousContact: true })).assignee,
    ).toBe('m-7');
  });

  it('makes nobody the previous contact for a call that did not reach the customer, and keeps the latest', async () => {
    // Prepare: m-7 reached the customer in spring (named by `by`, the task unassigned)
    const spring = await callFalls('spring');
    const springOutcome = { reached: true, result: 'will-return', by: 'm-7' } as const;
    await recordCallOutcome(queue, spring, springOutcome);

    // Act: in June m-5 does not get through; in July m-9 does; then spring's outcome is sent again
    now = JUNE;
    const summer = await callFalls('summer');
    await assignCallTask(queue, summer, { assignee: 'm-5' });
    await recordCallOutcome(queue, summer, { reached: false, result: 'no-answer' });
    const afterJune = (await customers.get(customerId))?.previousContact;
    now = new Date('2026-07-01T09:00:00Z');
    const autumn = await callFalls('autumn');
    await recordCallOutcome(queue, autumn, { reached: true, result: 'not-interested', by: 'm-9' });
    await recordCallOutcome(queue, spring, springOutcome);

    // Assess: m-5 never counted; the retried March outcome did not replace July's
    expect(afterJune).toEqual({ managerId: 'm-7', at: MARCH.toISOString() });
    expect((await customers.get(customerId))?.previousContact).toEqual({
      managerId: 'm-9',
      at: now.toISOString(),
    });
  });

  it('refuses to give a closed task to anyone (its outcome names who had it)', async () => {
    const spring = await callFalls('spring');
    await recordCallOutcome(queue, spring, { reached: false, result: 'voicemail' });
    await expect(assignCallTask(queue, spring, { assignee: 'm-7' })).rejects.toMatchObject({
      kind: 'conflict',
      message: 'the task is done',
    });
  });

  it('answers not-found for an unknown task, naming it', async () => {
    await expect(assignCallTask(queue, 'nope', { assignee: 'm-7' })).rejects.toMatchObject({
      kind: 'not-found',
      message: "no call task 'nope'",
    });
  });
});
