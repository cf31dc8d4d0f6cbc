/**
 * The reconciler: a journey record left `active` with no execution behind it is ended with what
 * became of its execution; a record still waiting for its moment, or whose execution runs, is
 * left alone (and only overdue records are asked about).
 */
import { describe, expect, it } from 'vitest';
import type { JourneyRecord } from '../../../functions/domain/journey/journey.js';
import { executionName } from '../../../functions/domain/journey/journey-rules.js';
import { reconcileJourneys } from '../../../functions/use-cases/reconcile-journeys.js';
import { InMemoryCallScheduler, InMemoryJourneys, RecordingRuns } from '../../fakes/in-memory-journeys.js';
import { InMemoryStore } from '../../fakes/in-memory-stores.js';

const NOW = new Date('2026-06-10T12:00:00Z');
const LAUNCHED = '2026-06-01T10:00:00.000Z';

const journey = (
  customerId: string,
  timeline: JourneyRecord['timeline'],
  extra: Partial<JourneyRecord> = {},
) =>
  ({
    campaignId: 'june',
    customerId,
    status: 'active',
    enrolledAt: '2026-06-01T09:00:00.000Z',
    executionName: executionName('june', customerId),
    timeline,
    ...extra,
  }) satisfies JourneyRecord;

const enrolled = { at: '2026-06-01T09:00:00.000Z', step: 'start' as const, outcome: 'enrolled' };
const due = (at: string) => ({
  at: '2026-06-01T09:00:01.000Z',
  step: 'start' as const,
  outcome: `email due ${at}`,
});

describe('Use case: reconciling a campaign’s journeys', () => {
  it('ends the records whose execution never started or has ended, and leaves the living alone', async () => {
    // Prepare
    const journeys = new InMemoryJourneys();
    const runs = new RecordingRuns();
    for (const j of [
      journey('never-started', [enrolled]),
      journey('failed', [enrolled, due('2026-06-02T09:00:00.000Z')]),
      journey('stopped', [enrolled, due('2026-06-03T09:00:00.000Z')]),
      journey('running-late', [enrolled, due('2026-06-02T09:00:00.000Z')]),
      journey('waiting', [enrolled, due('2026-07-01T09:00:00.000Z')]),
      journey('call-pending', [enrolled, due('2026-06-02T09:00:00.000Z')], { callSchedule: 'call-june-x' }),
    ])
      await journeys.enrol(j);
    for (const id of ['failed', 'stopped', 'running-late', 'waiting', 'call-pending'])
      await runs.start(executionName('june', id), { campaignId: 'june', customerId: id });
    runs.statuses.set(executionName('june', 'failed'), 'FAILED');
    runs.statuses.set(executionName('june', 'stopped'), 'ABORTED');
    const asked: string[] = [];
    const status = runs.status.bind(runs);
    runs.status = async (name) => {
      asked.push(name);
      return status(name);
    };

    // Act
    const ended = await reconcileJourneys(
      {
        journeys,
        runs,
        customers: new InMemoryStore(),
        calls: new InMemoryCallScheduler(),
        clock: () => NOW,
      },
      { campaignId: 'june', launchedAt: LAUNCHED },
      60_000,
    );

    // Assess
    expect(ended).toBe(3);
    const get = async (id: string) => journeys.get('june', id);
    expect(await get('never-started')).toMatchObject({
      status: 'ended',
      exitReason: 'execution never started',
    });
    expect(await get('failed')).toMatchObject({ status: 'ended', exitReason: 'execution failed' });
    expect(await get('stopped')).toMatchObject({ status: 'ended', exitReason: 'execution aborted' });
    for (const id of ['running-late', 'waiting', 'call-pending'])
      expect((await get(id))?.status).toBe('active');
    // Only the overdue were asked about.
    expect(asked.sort()).toEqual(
      ['failed', 'never-started', 'running-late', 'stopped'].map((id) => executionName('june', id)),
    );
  });

  it('leaves an enrolment alone while its launch is under way', async () => {
    const journeys = new InMemoryJourneys();
    await journeys.enrol(journey('just-enrolled', [enrolled]));
    const ended = await reconcileJourneys(
      {
        journeys,
        runs: new RecordingRuns(),
        customers: new InMemoryStore(),
        calls: new InMemoryCallScheduler(),
        clock: () => NOW,
      },
      { campaignId: 'june' },
      60_000,
    );
    expect(ended).toBe(0);
    expect((await journeys.get('june', 'just-enrolled'))?.status).toBe('active');
  });
});
