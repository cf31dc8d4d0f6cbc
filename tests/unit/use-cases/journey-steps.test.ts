/**
 * The send step on dynalite with a counting provider and injected faults: the ledger claimed
 * before the provider is called keeps every message single across crashes and retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../../functions/adapters/dynamodb-journey-store.js';
import { DynamoScoreStore } from '../../../functions/adapters/dynamodb-score-store.js';
import { DynamoSendLedger } from '../../../functions/adapters/dynamodb-send-ledger.js';
import { campaignSettingsSchema } from '../../../functions/domain/journey/campaign.js';
import type { EmailMessage } from '../../../functions/ports/journey-store.js';
import { contactStep, type MessageDeps, startJourney } from '../../../functions/use-cases/journey-steps.js';
import { type DynamoFixture, startDynamoFixture } from '../../support/local-dynamo.js';

const NOW = new Date('2026-06-10T14:00:00Z'); // 10:00 in New York: inside every window
const window = { start: '00:00', end: '23:59' };

describe('Use case: a journey step sends at most once', () => {
  let fx: DynamoFixture;
  let deps: MessageDeps;
  let sent: EmailMessage[];
  /** Faults to inject, consumed in order: thrown by the provider or by the ledger after sending. */
  let faults: ('throttle' | 'crash-after-send')[];
  let scoresTable: string;

  beforeAll(async () => {
    fx = await startDynamoFixture();
    const t = await fx.freshTables();
    scoresTable = t.scores;
    const ledger = new DynamoSendLedger(fx.db, t.sends);
    const markSent = ledger.markSent.bind(ledger);
    ledger.markSent = async (...args) => {
      if (faults[0] === 'crash-after-send') {
        faults.shift();
        throw new Error('the function died after SES accepted the message');
      }
      return markSent(...args);
    };
    deps = {
      campaigns: new DynamoCampaignStore(fx.db, t.campaigns),
      journeys: new DynamoJourneyStore(fx.db, t.journeys),
      customers: new DynamoCustomerRepository(fx.db, t.customers),
      scores: new DynamoScoreStore(fx.db, t.scores),
      sends: ledger,
      clock: () => NOW,
      settings: {
        windows: { email: window, sms: window, call: window },
        manager: { window, timeZone: 'UTC' },
        frequencyCap: { messages: 10, days: 7 },
        pausedRecheckHours: 6,
        publicUrl: 'https://shop.example',
        postalAddress: '1 Main St',
      },
      email: {
        send: async (message) => {
          if (faults[0] === 'throttle') {
            faults.shift();
            throw Object.assign(new Error('Too many requests'), { name: 'TooManyRequestsException' });
          }
          sent.push(message);
          return { messageId: `m-${sent.length}` };
        },
      },
      sms: { send: async () => ({ messageId: 'sms' }) },
    };
    await deps.campaigns.create({
      campaignId: 'c1',
      status: 'running',
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      ...campaignSettingsSchema.parse({
        name: 'c1',
        holdoutPercent: 0,
        email: { subject: 'Hi', html: '<p>{{offer}}</p>', text: '{{offer}}' },
        sms: { text: 'Hi' },
      }),
    });
  });
  afterAll(() => fx.close());

  const enrol = async (customerId: string) => {
    await deps.customers.upsertProfiles([
      {
        customerId,
        email: `${customerId}@example.com`,
        timeZone: 'America/New_York',
        consent: { email: true, sms: false },
        attributes: {},
      },
    ]);
    // A churn moment already past: the email is due at once.
    await fx.putItem(scoresTable, { customerId, churnMomentOn: '2026-06-01' });
    expect((await startJourney(deps, { campaignId: 'c1', customerId })).action).toBe('wait');
  };

  it('sends once when the function dies after the provider accepted, however often the step is retried', async () => {
    sent = [];
    faults = ['crash-after-send'];
    await enrol('crash');
    await expect(contactStep(deps, { campaignId: 'c1', customerId: 'crash', step: 'email' })).rejects.toThrow(
      /died/,
    );
    for (let retry = 0; retry < 3; retry++)
      expect(await contactStep(deps, { campaignId: 'c1', customerId: 'crash', step: 'email' })).toMatchObject(
        {
          action: 'wait',
          outcome: 'sent',
        },
      );
    expect(sent).toHaveLength(1);
    expect((await deps.sends.get('crash', 'c1', 'email'))?.status).toBe('sending');
  });

  it('sends once after the provider throttled the first attempt', async () => {
    sent = [];
    faults = ['throttle'];
    await enrol('throttled');
    await expect(
      contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' }),
    ).rejects.toThrow(/Too many/);
    await contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' });
    await contactStep(deps, { campaignId: 'c1', customerId: 'throttled', step: 'email' });
    expect(sent).toHaveLength(1);
    expect((await deps.sends.get('throttled', 'c1', 'email'))?.status).toBe('sent');
  });
});
