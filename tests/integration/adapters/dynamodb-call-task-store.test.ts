/**
 * The call tasks on dynalite: a campaign's report reads that campaign's tasks through its own
 * index, whatever their status — never every campaign's tasks ever made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCallTaskStore } from '../../../functions/adapters/dynamodb-call-task-store.js';
import type { CallTask } from '../../../functions/domain/journey/call-task.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const task = (taskId: string, campaignId: string, dueAt: string): CallTask => ({
  taskId,
  campaignId,
  customerId: `c-${taskId}`,
  status: 'open',
  dueAt,
  createdAt: dueAt,
  context: {},
});

describe('DynamoCallTaskStore', () => {
  let fx: DynamoFixture;
  let store: DynamoCallTaskStore;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    store = new DynamoCallTaskStore(fx.db, (await fx.freshTables()).callTasks);
  });
  afterAll(() => fx.close());

  it("lists one campaign's tasks in every status, by due time, and none of another campaign's", async () => {
    await store.create(task('t2', 'spring', '2026-06-02T09:00:00.000Z'));
    await store.create(task('t1', 'spring', '2026-06-01T09:00:00.000Z'));
    await store.create(task('t3', 'autumn', '2026-06-01T10:00:00.000Z'));
    await store.close('t2', {
      reached: true,
      result: 'reactivated',
      by: 'ana',
      recordedAt: '2026-06-02T09:30:00.000Z',
    });

    const spring = await store.ofCampaign('spring');

    expect(spring.map((t) => [t.taskId, t.status])).toEqual([
      ['t1', 'open'],
      ['t2', 'done'],
    ]);
    expect(await store.ofCampaign('winter')).toEqual([]);
  });
});
