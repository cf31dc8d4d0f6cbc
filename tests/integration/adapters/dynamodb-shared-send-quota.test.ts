/**
 * The SES account's rate shared through the slots table, on dynalite: fifty instances starting at
 * once ask SES once between them and all pace by its answer; the reading is refreshed once it is
 * ten minutes old, by one of them; and an SES that cannot be read leaves the last rate in place,
 * without the others all asking it meanwhile.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoSharedSendQuota } from '../../../functions/adapters/dynamodb-shared-send-quota.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const MINUTE = 60_000;

describe('DynamoSharedSendQuota', () => {
  let fx: DynamoFixture;
  let table: string;
  let now: number;
  /** What SES answers (a number, or a refusal), and how often it was asked. */
  let ses: { answer: number | Error; asked: number };
  const instance = () =>
    new DynamoSharedSendQuota(
      fx.db,
      table,
      {
        emailPerSecond: async () => {
          ses.asked++;
          if (ses.answer instanceof Error) throw ses.answer;
          return ses.answer;
        },
      },
      () => now,
    );

  beforeAll(async () => {
    fx = await startDynamoFixture();
  });
  beforeEach(async () => {
    table = (await fx.freshTables()).slots;
    now = Date.parse('2026-06-01T09:00:00Z');
    ses = { answer: 1, asked: 0 };
  });
  afterAll(() => fx.close());

  it('asks SES once for fifty instances starting together, each asked by many steps, and gives them all its answer', async () => {
    // Act: fifty cold instances at once, each asked by five steps together
    const instances = Array.from({ length: 50 }, () => instance());
    const first = await Promise.all(
      instances.flatMap((q) => Array.from({ length: 5 }, () => q.emailPerSecond())),
    );

    // Assess: the lease winner asked SES; the others waited for its answer instead of pacing by
    // the configured rate meanwhile
    expect(ses.asked).toBe(1);
    expect(first).toEqual(first.map(() => 1));
  });

  it('refreshes a reading ten minutes old once, from one instance', async () => {
    // Prepare
    const a = instance();
    const b = instance();
    expect(await a.emailPerSecond()).toBe(1);
    ses.answer = 14;

    // Act + Assess: nine minutes on, the stored 1 holds; past ten, one refresh serves both
    now += 9 * MINUTE;
    expect(await b.emailPerSecond()).toBe(1);
    now += 2 * MINUTE;
    expect(await Promise.all([a.emailPerSecond(), instance().emailPerSecond()])).toContain(14);
    now += 1_000;
    expect(await instance().emailPerSecond()).toBe(14);
    expect(ses.asked).toBe(2);
  });

  it('keeps the last rate when SES cannot be read, and lets others ask again only after the lease', async () => {
    // Prepare: a stored 1, gone stale; SES refuses from now on
    await instance().emailPerSecond();
    now += 11 * MINUTE;
    ses.answer = new Error('Rate exceeded');

    // Act + Assess
    expect(await instance().emailPerSecond()).toBe(1);
    expect(await instance().emailPerSecond()).toBe(1);
    expect(ses.asked).toBe(2); // the first read, then one refused refresh: the lease holds off the second
    now += 31_000;
    expect(await instance().emailPerSecond()).toBe(1);
    expect(ses.asked).toBe(3);
  });

  it('knows no rate until SES has answered once (the configured rate applies)', async () => {
    ses.answer = new Error('AccessDenied');
    expect(await instance().emailPerSecond()).toBeUndefined();
  });
});
