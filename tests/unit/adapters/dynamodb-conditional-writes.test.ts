/**
 * How the DynamoDB adapters turn the service's errors into outcomes, against a mocked SDK client
 * (dynalite, in tests/integration, fails conditions but never throttles or loses a table): a
 * failed condition becomes `exists`, `false`, `undefined`, a no-op, a re-read or a retry —
 * each as its port says — and anything else (throttling, a missing table, an internal error, a
 * reset connection) is passed on unchanged for the caller's retries. Also the failures the
 * adapters do not turn into outcomes (a record on a missing campaign, a stale `markSent`), the
 * first feedback count of a campaign, the order ledger's optimistic retries, a profile written by
 * another writer meanwhile, and the readiness check's missing table.
 */
import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ResourceNotFoundException,
  TableNotFoundException,
  TransactionConflictException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoCallTaskStore } from '../../../functions/adapters/dynamodb-call-task-store.js';
import { DynamoCampaignStore } from '../../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../../functions/adapters/dynamodb-journey-store.js';
import { DynamoModelStore } from '../../../functions/adapters/dynamodb-model-store.js';
import {
  ConcurrentUpdateError,
  DynamoOrderLedger,
  encodePending,
} from '../../../functions/adapters/dynamodb-order-ledger.js';
import { DynamoSendLedger } from '../../../functions/adapters/dynamodb-send-ledger.js';
import { DynamoTableStatuses } from '../../../functions/adapters/dynamodb-table-statuses.js';
import type { CustomerProfile } from '../../../functions/domain/customer.js';
import type { CallTask } from '../../../functions/domain/journey/call-task.js';
import type { JourneyRecord } from '../../../functions/domain/journey/journey.js';
import type { SendClaim, SendRecord } from '../../../functions/domain/journey/send.js';
import type { CurrentModel, StoredModel } from '../../../functions/ports/scoring-store.js';
import { runningCampaign } from '../../support/campaigns.js';
import { anOrder } from '../../support/orders.js';

const meta = { $metadata: {}, message: 'refused' };
const conditionFailed = () => new ConditionalCheckFailedException(meta);
/** Errors no adapter may read as an answer: each must reach the caller as it is. */
const passedOn = () => [
  new ProvisionedThroughputExceededException(meta),
  new ResourceNotFoundException(meta),
  new InternalServerError(meta),
  new TransactionConflictException(meta),
  Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
];
/** DynamoDB's ValidationException is not modelled: the SDK gives it as a generic service exception. */
const validation = (message: string) =>
  new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', $metadata: {}, message });

const NOW = '2024-05-01T12:00:00.000Z';
const campaign = runningCampaign(
  'spring',
  { name: 'Spring', email: { subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' }, sms: { text: 'Hi' } },
  NOW,
);
const journey: JourneyRecord = {
  campaignId: 'spring',
  customerId: 'c-1',
  status: 'active',
  enrolledAt: NOW,
  timeline: [{ at: NOW, step: 'start', outcome: 'enrolled' }],
};
const task: CallTask = {
  taskId: 'call-spring-c-1',
  campaignId: 'spring',
  customerId: 'c-1',
  status: 'open',
  dueAt: NOW,
  createdAt: NOW,
  context: {},
};
const claim: SendClaim = {
  customerId: 'c-1',
  campaignId: 'spring',
  step: 'email',
  sendId: 's-1',
  claimedAt: NOW,
};
const model = { version: 'a1b2c3d4e5f6', asOf: '2024-04-30', fittedAt: NOW, customers: 10 } as StoredModel;
const current: CurrentModel = {
  version: 'a1b2c3d4e5f6',
  asOf: '2024-04-30',
  churnThreshold: 0.5,
  publishedAt: NOW,
  scored: 10,
  unchanged: 0,
  skipped: 0,
};
const ann: CustomerProfile = {
  customerId: 'c-1',
  email: 'ann@example.com',
  timeZone: 'America/New_York',
  consent: { email: true, sms: true },
  attributes: {},
};
const entry = { at: NOW, step: 'exit' as const, outcome: 'ended', reason: 'purchased' };

const ddb = mockClient(DynamoDBClient);
const db = new DynamoDBClient({ region: 'us-east-1' });
const campaigns = new DynamoCampaignStore(db, 'campaigns', () => new Date(NOW));
const journeys = new DynamoJourneyStore(db, 'journeys');
const callTasks = new DynamoCallTaskStore(db, 'call-tasks');
const models = new DynamoModelStore(db, 'models');
const sends = new DynamoSendLedger(db, 'sends');
const customers = new DynamoCustomerRepository(db, 'customers', { clock: () => new Date(NOW) });

afterEach(() => {
  ddb.reset();
  vi.restoreAllMocks();
});

/** One conditional write of an adapter, and what it answers when it is written and when its condition failed. */
interface ConditionalWrite {
  name: string;
  command: typeof PutItemCommand | typeof UpdateItemCommand | typeof DeleteItemCommand;
  write: () => Promise<unknown>;
  written: unknown;
  conditionFailed: unknown;
}

const conditionalWrites: ConditionalWrite[] = [
  // A create whose key is taken: `exists`, the stored item untouched.
  ...[
    { name: 'campaigns.create', write: () => campaigns.create(campaign) },
    { name: 'journeys.enrol', write: () => journeys.enrol(journey) },
    { name: 'callTasks.create', write: () => callTasks.create(task) },
    { name: 'models.save', write: () => models.save(model) },
  ].map((w) => ({ ...w, command: PutItemCommand, written: 'created', conditionFailed: 'exists' })),
  // A change whose condition no longer holds: false.
  ...[
    { name: 'campaigns.setStatus', write: () => campaigns.setStatus('spring', 'paused', ['running']) },
    { name: 'callTasks.assign', write: () => callTasks.assign(task.taskId, 'm-1') },
    {
      name: 'callTasks.close',
      write: () => callTasks.close(task.taskId, { reached: false, result: 'no-answer', recordedAt: NOW }),
    },
    {
      name: 'journeys.recordSurvey',
      write: () => journeys.recordSurvey('spring', 'c-1', { leavingReason: 'price', at: NOW }),
    },
    {
      name: 'sends.markFeedback',
      write: () => sends.markFeedback({ ...claim, status: 'sent' }, 'bounced', NOW),
    },
    { name: 'customers.erase', write: () => customers.erase('c-1') },
  ].map((w) => ({ ...w, command: UpdateItemCommand, written: true, conditionFailed: false })),
  {
    name: 'models.publish',
    command: PutItemCommand,
    write: () => models.publish(current),
    written: true,
    conditionFailed: false,
  },
  // A write that is a no-op once its condition fails: the journey ended, the customer is unknown…
  ...[
    { name: 'journeys.record', write: () => journeys.record('spring', 'c-1', entry, { status: 'ended' }) },
    { name: 'customers.suppress', write: () => customers.suppress('c-1', 'email', 'bounced') },
    {
      name: 'customers.leaveJourney',
      write: () => customers.leaveJourney('c-1', 'spring', '2026-03-01T09:00:00.000Z'),
      // The first write also moves the cooldown's start; failed, a second only leaves the journey.
      writesWhenConditionFailed: 2,
    },
  ].map((w) => ({ ...w, command: UpdateItemCommand, written: undefined, conditionFailed: undefined })),
  // …or the claim is not this send's any more, or it was marked sent.
  {
    name: 'sends.release',
    command: DeleteItemCommand,
    write: () => sends.release(claim),
    written: undefined,
    conditionFailed: undefined,
  },
];

describe('DynamoDB adapters: conditional writes', () => {
  it.each(conditionalWrites)('$name answers $written when written', async (w) => {
    // Prepare
    ddb.onAnyCommand().resolves({});

    // Act
    const answer = await w.write();

    // Assess
    expect(answer).toBe(w.written);
    expect(ddb.calls()).toHaveLength(1);
    const sent = ddb.call(0).args[0];
    expect(sent).toBeInstanceOf(w.command);
    expect((sent.input as { ConditionExpression?: string }).ConditionExpression).toBeTruthy();
  });

  it.each(conditionalWrites)('$name answers $conditionFailed when its condition failed', async (w) => {
    // Prepare
    ddb.onAnyCommand().rejects(conditionFailed());

    // Act
    const answer = await w.write();

    // Assess
    expect(answer).toBe(w.conditionFailed);
    expect(ddb.calls()).toHaveLength(
      'writesWhenConditionFailed' in w ? (w.writesWhenConditionFailed as number) : 1,
    );
  });

  it.each(conditionalWrites)('$name passes any other error on unchanged', async (w) => {
    for (const error of passedOn()) {
      ddb.reset();
      ddb.onAnyCommand().rejects(error);
      await expect(w.write(), error.name).rejects.toBe(error);
      expect(ddb.calls(), error.name).toHaveLength(1);
    }
  });

  it('reads a failed condition by its name, as an error of another copy of the SDK carries it', async () => {
    // Prepare: no ConditionalCheckFailedException instance, only the name the wire gave it.
    ddb.onAnyCommand().rejects(
      Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      }),
    );

    // Act
    const created = await campaigns.create(campaign);

    // Assess
    expect(created).toBe('exists');
  });
});

describe('DynamoDB journeys: ending a journey', () => {
  it('answers the ended journey as stored', async () => {
    ddb.on(UpdateItemCommand).resolves({
      Attributes: marshall({
        ...journey,
        status: 'ended',
        exitReason: 'purchased',
        timeline: [...journey.timeline, entry],
      }),
    });

    const ended = await journeys.end('spring', 'c-1', entry, { enrolledBy: NOW });

    expect(ended).toMatchObject({ customerId: 'c-1', status: 'ended', exitReason: 'purchased' });
    expect(ended?.timeline).toHaveLength(2);
  });

  it('answers undefined when the journey is not active (another path ended it) or began after the purchase', async () => {
    ddb.on(UpdateItemCommand).rejects(conditionFailed());

    await expect(journeys.end('spring', 'c-1', entry, { enrolledBy: NOW })).resolves.toBeUndefined();
  });

  it('passes any other error on unchanged', async () => {
    for (const error of passedOn()) {
      ddb.on(UpdateItemCommand).rejects(error);
      await expect(journeys.end('spring', 'c-1', entry), error.name).rejects.toBe(error);
    }
  });
});

describe('DynamoDB send ledger: claims', () => {
  const existing: SendRecord = { ...claim, sendId: 's-0', status: 'sent', messageId: 'm-0', sentAt: NOW };

  it('claims with a put on condition that no record holds the key', async () => {
    ddb.on(PutItemCommand).resolves({});

    await expect(sends.claim(claim)).resolves.toEqual({ claimed: true });
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(0);
  });

  it('answers the record that holds the key when the condition failed', async () => {
    // Prepare
    ddb.on(PutItemCommand).rejects(conditionFailed());
    ddb.on(GetItemCommand).resolves({ Item: marshall({ ...existing, sendKey: 'spring#email' }) });

    // Act
    const answer = await sends.claim(claim);

    // Assess
    expect(answer).toEqual({ claimed: false, existing: expect.objectContaining(existing) });
    expect(ddb.commandCalls(GetItemCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'sends',
      ConsistentRead: true,
    });
  });

  it('passes the condition failure on when the record that held the key is gone by the read (released)', async () => {
    // Prepare
    const failure = conditionFailed();
    ddb.on(PutItemCommand).rejects(failure);
    ddb.on(GetItemCommand).resolves({});

    // Act, Assess
    await expect(sends.claim(claim)).rejects.toBe(failure);
  });

  it('passes any other error of the put on unchanged, without reading', async () => {
    for (const error of passedOn()) {
      ddb.reset();
      ddb.on(PutItemCommand).rejects(error);
      await expect(sends.claim(claim), error.name).rejects.toBe(error);
      expect(ddb.commandCalls(GetItemCommand), error.name).toHaveLength(0);
    }
  });

  it('passes a failed condition of markSent on: the claim is another send’s now', async () => {
    const failure = conditionFailed();
    ddb.on(UpdateItemCommand).rejects(failure);

    await expect(sends.markSent(claim, 'm-1', NOW)).rejects.toBe(failure);
  });
});

describe('DynamoDB campaigns: records and feedback counts', () => {
  it('passes a failed condition of a record on: the campaign does not exist', async () => {
    const failure = conditionFailed();
    ddb.on(UpdateItemCommand).rejects(failure);

    await expect(
      campaigns.recordRunFailure('gone', { run: 'launch', reason: 'States.TaskFailed: boom', at: NOW }),
    ).rejects.toBe(failure);
  });

  it('counts the first feedback of a campaign: creates the counts map, then adds to it', async () => {
    // Prepare: the nested ADD is refused while `emailStats` does not exist.
    ddb
      .on(UpdateItemCommand)
      .rejectsOnce(validation('The document path provided in the update expression is invalid for update'))
      .resolvesOnce({})
      .resolves({ Attributes: marshall({ ...campaign, emailStats: { bounced: 1 } }) });

    // Act
    const stats = await campaigns.countFeedback('spring', 'bounced');

    // Assess
    expect(stats).toEqual({ bounced: 1 });
    const updates = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input.UpdateExpression);
    expect(updates).toEqual([
      'ADD #stats.#kind :one',
      'SET #stats = if_not_exists(#stats, :empty)',
      'ADD #stats.#kind :one',
    ]);
  });

  it('passes a failed condition of a count on (no such campaign), and any other error, unchanged and at once', async () => {
    for (const error of [conditionFailed(), ...passedOn()]) {
      ddb.reset();
      ddb.on(UpdateItemCommand).rejects(error);
      await expect(campaigns.countFeedback('gone', 'bounced'), error.name).rejects.toBe(error);
      expect(ddb.commandCalls(UpdateItemCommand), error.name).toHaveLength(1);
    }
  });

  it('passes on a campaign that is gone by the time the counts map is created', async () => {
    const failure = conditionFailed();
    ddb
      .on(UpdateItemCommand)
      .rejectsOnce(validation('The document path provided in the update expression is invalid for update'))
      .rejects(failure);

    await expect(campaigns.countFeedback('spring', 'bounced')).rejects.toBe(failure);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(2);
  });
});

describe('DynamoDB order ledger: optimistic commits', () => {
  const tables = { customers: 'customers', orders: 'orders' };
  const ledger = () => new DynamoOrderLedger(db, tables, { clock: () => new Date(NOW), concurrency: 1 });
  const order = anOrder({ orderId: 'o-1', customerId: 'c-1' });
  const otherWriters = anOrder({ orderId: 'o-9', customerId: 'c-1' });

  /** Customer reads answer the views in turn (the last one from then on); no order is stored. */
  function tablesWith(...views: Record<string, unknown>[]) {
    let reads = 0;
    ddb.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => {
      const [table] = Object.keys(input.RequestItems ?? {});
      if (table !== tables.customers) return { Responses: { [table as string]: [] } };
      const view = views[Math.min(reads++, views.length - 1)] as Record<string, unknown>;
      return { Responses: { [table]: [marshall(view)] } };
    });
    ddb.on(BatchWriteItemCommand).resolves({});
  }

  it('reads the customer again after a lost race and commits on the revision it finds', async () => {
    // Prepare: another writer committed o-9 between our read and our commit.
    tablesWith(
      { customerId: 'c-1', rev: 3 },
      { customerId: 'c-1', rev: 4, pendingOrders: encodePending([otherWriters]) },
    );
    ddb.on(UpdateItemCommand).rejectsOnce(conditionFailed()).resolves({});
    vi.spyOn(Math, 'random').mockReturnValue(0);

    // Act
    const result = await ledger().record([order]);

    // Assess
    expect(result.outcomes).toEqual([{ status: 'accepted' }]);
    const commits = ddb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input.ExpressionAttributeValues);
    expect(commits.map((v) => v?.[':rev'])).toEqual([{ N: '3' }, { N: '4' }]);
    // The other writer's order is rolled forward into the orders table before ours replaces it.
    const stored = ddb
      .commandCalls(BatchWriteItemCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.orders ?? [])
      .map((w) => w.PutRequest?.Item?.orderId?.S);
    expect(stored).toEqual(['o-9', 'o-1']);
  });

  it('answers `unchanged` when the writer that won the race recorded the same order', async () => {
    tablesWith(
      { customerId: 'c-1', rev: 3 },
      { customerId: 'c-1', rev: 4, pendingOrders: encodePending([order]) },
    );
    ddb.on(UpdateItemCommand).rejectsOnce(conditionFailed()).resolves({});
    vi.spyOn(Math, 'random').mockReturnValue(0);

    const result = await ledger().record([order]);

    expect(result.outcomes).toEqual([{ status: 'unchanged' }]);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(1);
  });

  it('rejects the orders of a customer who is gone by the re-read', async () => {
    let customerReads = 0;
    ddb.on(BatchGetItemCommand).callsFake((input: BatchGetItemCommandInput) => {
      const [table] = Object.keys(input.RequestItems ?? {});
      const found = table === tables.customers && customerReads++ === 0;
      return { Responses: { [table as string]: found ? [marshall({ customerId: 'c-1', rev: 3 })] : [] } };
    });
    ddb.on(BatchWriteItemCommand).resolves({});
    ddb.on(UpdateItemCommand).rejects(conditionFailed());

    const result = await ledger().record([order]);

    expect(result.outcomes).toEqual([{ status: 'rejected', reasons: ['customer c-1 is unknown'] }]);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(1);
  });

  it('gives up with a ConcurrentUpdateError when every commit loses its race', async () => {
    tablesWith({ customerId: 'c-1', rev: 3 });
    ddb.on(UpdateItemCommand).rejects(conditionFailed());
    vi.spyOn(Math, 'random').mockReturnValue(0);

    await expect(ledger().record([order])).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(20);
  });

  it('passes any other error of a commit on unchanged, without retrying', async () => {
    for (const error of passedOn()) {
      ddb.reset();
      tablesWith({ customerId: 'c-1', rev: 3 });
      ddb.on(UpdateItemCommand).rejects(error);
      await expect(ledger().record([order]), error.name).rejects.toBe(error);
      expect(ddb.commandCalls(UpdateItemCommand), error.name).toHaveLength(1);
    }
  });
});

describe('DynamoDB customers: profile writes racing other writers', () => {
  /** The customer is unknown at the batch read; a put then finds it created meanwhile. */
  function createdMeanwhile() {
    ddb.on(BatchGetItemCommand).resolves({ Responses: { customers: [] } });
    ddb.on(PutItemCommand).rejects(conditionFailed());
  }

  it('updates a customer another writer created since the read', async () => {
    createdMeanwhile();
    ddb.on(UpdateItemCommand).resolves({});

    await expect(customers.upsertProfiles([ann])).resolves.toEqual([{ status: 'updated' }]);
  });

  it('refuses a profile for a customer erased since the read, and keeps one already stored as unchanged', async () => {
    createdMeanwhile();
    ddb.on(UpdateItemCommand).rejects(conditionFailed());
    ddb
      .on(GetItemCommand)
      .resolvesOnce({ Item: marshall({ customerId: 'c-1', createdAt: NOW, updatedAt: NOW, erasedAt: NOW }) })
      .resolves({ Item: marshall({ customerId: 'c-1', createdAt: NOW, updatedAt: NOW }) });

    const [erased] = await customers.upsertProfiles([ann]);
    const [unchanged] = await customers.upsertProfiles([ann]);

    expect(erased).toMatchObject({
      status: 'rejected',
      reasons: [expect.stringContaining('erased on 2024-05-01')],
    });
    expect(unchanged).toEqual({ status: 'unchanged' });
  });

  it('passes any other error of the put or the update on unchanged', async () => {
    for (const error of passedOn()) {
      ddb.reset();
      ddb.on(BatchGetItemCommand).resolves({ Responses: { customers: [] } });
      ddb.on(PutItemCommand).rejects(error);
      await expect(customers.upsertProfiles([ann]), `put: ${error.name}`).rejects.toBe(error);

      ddb.reset();
      createdMeanwhile();
      ddb.on(UpdateItemCommand).rejects(error);
      await expect(customers.upsertProfiles([ann]), `update: ${error.name}`).rejects.toBe(error);
    }
  });
});

describe('DynamoDB table statuses (readiness)', () => {
  const statuses = new DynamoTableStatuses(db);

  it('answers the status and point-in-time recovery of a table', async () => {
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    ddb.on(DescribeContinuousBackupsCommand).resolves({
      ContinuousBackupsDescription: {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'ENABLED' },
      },
    });

    await expect(statuses.describe('customers')).resolves.toEqual({
      status: 'ACTIVE',
      pointInTimeRecovery: true,
    });
  });

  it('answers null for a table that is not there, from either call', async () => {
    ddb.on(DescribeTableCommand).rejects(new ResourceNotFoundException(meta));
    await expect(statuses.describe('customers')).resolves.toBeNull();

    ddb.reset();
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'DELETING' } });
    ddb.on(DescribeContinuousBackupsCommand).rejects(new TableNotFoundException(meta));
    await expect(statuses.describe('customers')).resolves.toBeNull();
  });

  it('passes access denied, throttling and the rest on: a check that could not be made', async () => {
    const denied = Object.assign(new Error('not authorized to perform dynamodb:DescribeTable'), {
      name: 'AccessDeniedException',
    });
    for (const error of [
      denied,
      new ProvisionedThroughputExceededException(meta),
      new InternalServerError(meta),
    ]) {
      ddb.on(DescribeTableCommand).rejects(error);
      await expect(statuses.describe('customers'), error.name).rejects.toBe(error);
    }
  });
});
