import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoOrderLedger } from '../../../functions/adapters/dynamodb-order-ledger.js';
import type { CustomerProfile } from '../../../functions/domain/customer.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';
import { anOrder } from '../../support/orders.js';

const ann: CustomerProfile = {
  customerId: 'c-1',
  email: 'ann@example.com',
  phone: '+14155552671',
  firstName: 'Ann',
  timeZone: 'America/New_York',
  locale: 'en-US',
  consent: { email: true, sms: true },
  attributes: { tier: 'gold' },
};

describe('Class: DynamoCustomerRepository (on dynalite)', () => {
  let fx: DynamoFixture;
  let tables: Awaited<ReturnType<DynamoFixture['freshTables']>>;
  let repo: DynamoCustomerRepository;

  beforeAll(async () => {
    fx = await startDynamoFixture();
  });
  afterAll(() => fx.close());
  beforeEach(async () => {
    tables = await fx.freshTables();
    repo = new DynamoCustomerRepository(fx.db, tables.customers);
  });

  it('creates, then updates, and reports an identical profile as unchanged', async () => {
    // Act
    const created = await repo.upsertProfiles([ann]);
    const unchanged = await repo.upsertProfiles([{ ...ann, attributes: { tier: 'gold' } }]);
    const updated = await repo.upsertProfiles([{ ...ann, firstName: 'Annie', phone: undefined }]);

    // Assess
    expect([created, unchanged, updated].map((o) => o[0]?.status)).toEqual([
      'created',
      'unchanged',
      'updated',
    ]);
    const stored = await repo.get('c-1');
    expect(stored).toMatchObject({ firstName: 'Annie', email: 'ann@example.com' });
    expect(stored).not.toHaveProperty('phone');
  });

  it('applies rows of one batch that name the same customer in order, the last one winning', async () => {
    const outcomes = await repo.upsertProfiles([ann, { ...ann, firstName: 'Second' }]);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'updated']);
    expect((await repo.get('c-1'))?.firstName).toBe('Second');
  });

  it('lets two writers create the same new customer at once: one creates, the other then updates it', async () => {
    // Prepare: both read the customer as missing before either writes.
    const other = new DynamoCustomerRepository(fx.db, tables.customers);

    // Act
    const [first, second] = await Promise.all([
      repo.upsertProfiles([ann]),
      other.upsertProfiles([{ ...ann, firstName: 'Annie' }]),
    ]);
    const [same] = await Promise.all([
      repo.upsertProfiles([{ ...ann, customerId: 'c-2' }]),
      other.upsertProfiles([{ ...ann, customerId: 'c-2' }]),
    ]);

    // Assess
    expect([first[0]?.status, second[0]?.status].sort()).toEqual(['created', 'updated']);
    const stored = await repo.get('c-1');
    expect(stored?.firstName).toBe(second[0]?.status === 'updated' ? 'Annie' : 'Ann');
    expect(stored?.createdAt).toEqual(expect.any(String));
    expect(same?.[0]?.status).toMatch(/created|unchanged/);
  });

  it('gives a customer created by its first order a profile later, keeping when it was created', async () => {
    // Prepare: a CDNOW-style order creates the customer before any profile exists.
    await new DynamoOrderLedger(fx.db, tables).record([anOrder({ orderId: 'o-1' })], {
      createMissingCustomers: true,
    });
    const createdAt = (await repo.get('c-1'))?.createdAt;

    // Act
    const [outcome] = await repo.upsertProfiles([ann]);

    // Assess
    expect(outcome?.status).toBe('updated');
    expect(await repo.get('c-1')).toMatchObject({ createdAt, firstName: 'Ann', stats: { orders: 1 } });
  });

  it('never loses purchase statistics when the profile is replaced', async () => {
    // Prepare
    await repo.upsertProfiles([ann]);
    await new DynamoOrderLedger(fx.db, tables).record([
      anOrder({ orderId: 'o-1', amount: 42, baseAmount: 42 }),
    ]);

    // Act
    await repo.upsertProfiles([{ ...ann, firstName: 'Annie' }]);

    // Assess
    expect((await repo.get('c-1'))?.stats).toMatchObject({ orders: 1, spend: 42 });
  });

  it('erases personal data, keeps the anonymous statistics, and refuses to store personal data again', async () => {
    // Prepare
    await repo.upsertProfiles([ann]);
    await new DynamoOrderLedger(fx.db, tables).record([
      anOrder({ orderId: 'o-1', amount: 42, baseAmount: 42 }),
    ]);

    // Act
    const erased = await repo.erase('c-1');
    const again = await repo.erase('c-1');
    const reimport = await repo.upsertProfiles([ann]);

    // Assess
    expect([erased, again]).toEqual([true, true]);
    const stored = await repo.get('c-1');
    for (const field of ['email', 'phone', 'firstName', 'attributes', 'timeZone', 'locale'])
      expect(stored).not.toHaveProperty(field);
    expect(stored).toMatchObject({ consent: { email: false, sms: false }, stats: { orders: 1, spend: 42 } });
    expect(stored?.erasedAt).toEqual(expect.any(String));
    expect(reimport[0]).toEqual({
      status: 'rejected',
      reasons: [expect.stringMatching(/^customer was erased on \d{4}-\d{2}-\d{2}/)],
    });
  });

  it('says so when asked to erase a customer it does not know', async () => {
    expect(await repo.erase('nobody')).toBe(false);
  });

  it('keeps the latest previous contact whatever order they arrive in, and creates no customer for one', async () => {
    await repo.upsertProfiles([ann]);
    const june = { managerId: 'm-9', at: '2026-06-10T14:00:00.000Z' };

    await repo.notePreviousContact('c-1', june);
    await repo.notePreviousContact('c-1', { managerId: 'm-7', at: '2026-03-04T10:00:00.000Z' });
    await repo.notePreviousContact('nobody', june);

    expect((await repo.get('c-1'))?.previousContact).toEqual(june);
    expect(await repo.get('nobody')).toBeUndefined();
    const july = { managerId: 'm-7', at: '2026-07-01T09:00:00.000Z' };
    await repo.notePreviousContact('c-1', july);
    expect((await repo.get('c-1'))?.previousContact).toEqual(july);
  });

  describe('journey claims between campaigns', () => {
    const rules = { oneJourneyAtATime: true, cooldownDays: 14 };
    const at = (iso: string) => ({ exclusivity: rules, now: new Date(iso) });
    const claim = (campaignId: string, priority: number, now = '2026-03-01T09:00:00Z') =>
      repo.claimJourney('c-1', campaignId, { priority, ...at(now) });

    beforeEach(async () => {
      await repo.upsertProfiles([ann]);
    });

    it('gives the customer to one of two campaigns racing for them, and again to the same one', async () => {
      const [a, b] = await Promise.all([claim('spring', 1), claim('summer', 1)]);

      expect([a.kind, b.kind].sort()).toEqual(['free', 'held-back']);
      const winner = a.kind === 'free' ? 'spring' : 'summer';
      expect((await repo.get('c-1'))?.journeys).toEqual([winner]);
      expect((await claim(winner, 1)).kind).toBe('free');
      expect(await claim(winner === 'spring' ? 'summer' : 'spring', 1)).toMatchObject({
        kind: 'held-back',
        reason: 'in another campaign',
      });
    });

    it('lets a campaign of higher priority take the customer over, and keeps them from one of lower', async () => {
      expect((await claim('spring', 1)).kind).toBe('free');

      expect(await claim('vip', 5)).toEqual({ kind: 'take-over', from: ['spring'] });
      expect(await repo.get('c-1')).toMatchObject({ journeys: ['vip'], journeyPriority: 5 });
      expect((await claim('spring', 1)).kind).toBe('held-back');
    });

    it('starts the cooldown when a journey under way ends, not when a repeated leave comes', async () => {
      await claim('spring', 1);
      await repo.leaveJourney('c-1', 'spring', '2026-03-10T00:00:00.000Z');
      await repo.leaveJourney('c-1', 'spring', '2026-03-20T00:00:00.000Z');

      expect(await repo.get('c-1')).toMatchObject({ lastJourneyEndedAt: '2026-03-10T00:00:00.000Z' });
      expect(await repo.get('c-1')).not.toHaveProperty('journeys');
      expect(await claim('summer', 9, '2026-03-23T00:00:00Z')).toMatchObject({
        kind: 'held-back',
        reason: 'cooling down',
      });
      expect((await claim('summer', 9, '2026-03-24T00:00:01Z')).kind).toBe('free');
    });

    it('lets campaigns overlap when one journey at a time is off', async () => {
      const open = { oneJourneyAtATime: false, cooldownDays: 0 };
      const now = new Date('2026-03-01T09:00:00Z');
      await repo.claimJourney('c-1', 'spring', { priority: 0, exclusivity: open, now });
      await repo.claimJourney('c-1', 'summer', { priority: 0, exclusivity: open, now });

      expect((await repo.get('c-1'))?.journeys).toEqual(['spring', 'summer']);
      const facts = await repo.enrolmentFactsOf(['c-1', 'nobody']);
      expect([...facts.keys()]).toEqual(['c-1']);
      expect(facts.get('c-1')).toEqual({
        spend: 0,
        claims: { journeys: ['spring', 'summer'], journeyPriority: 0 },
      });
    });

    it('runs the cooldown from the latest end when overlapping journeys end out of order', async () => {
      const open = { oneJourneyAtATime: false, cooldownDays: 3 };
      const now = new Date('2026-03-01T09:00:00Z');
      await repo.claimJourney('c-1', 'spring', { priority: 0, exclusivity: open, now });
      await repo.claimJourney('c-1', 'summer', { priority: 0, exclusivity: open, now });

      await repo.leaveJourney('c-1', 'summer', '2026-03-20T00:00:00.000Z');
      await repo.leaveJourney('c-1', 'spring', '2026-03-10T00:00:00.000Z');

      expect(await repo.get('c-1')).toMatchObject({ lastJourneyEndedAt: '2026-03-20T00:00:00.000Z' });
      expect(await repo.get('c-1')).not.toHaveProperty('journeys');
      const autumn = (day: string) =>
        repo.claimJourney('c-1', 'autumn', { priority: 0, exclusivity: open, now: new Date(day) });
      expect(await autumn('2026-03-22T00:00:00Z')).toMatchObject({
        kind: 'held-back',
        reason: 'cooling down',
      });
      expect((await autumn('2026-03-23T00:00:01Z')).kind).toBe('free');
    });
  });
});
