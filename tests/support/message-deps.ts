/**
 * The send steps' dependencies on dynalite with recording providers: every store real, SES and
 * SNS replaced by lists of what they were asked to send. For tests of what messages carry.
 */
import { DynamoCampaignStore } from '../../functions/adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoOfferCodeStore } from '../../functions/adapters/dynamodb-offer-code-store.js';
import { DynamoScoreStore } from '../../functions/adapters/dynamodb-score-store.js';
import { DynamoSendLedger } from '../../functions/adapters/dynamodb-send-ledger.js';
import { DynamoSlotBook } from '../../functions/adapters/dynamodb-slot-book.js';
import { campaignReport } from '../../functions/domain/journey/campaign-report.js';
import type { JourneyRecord } from '../../functions/domain/journey/journey.js';
import type { EmailMessage } from '../../functions/ports/message-senders.js';
import type { MessageDeps, StartDeps } from '../../functions/use-cases/journey-steps.js';
import type { TableName } from '../../lib/table-definitions.js';
import { InMemoryCallScheduler, RecordingRuns } from '../fakes/in-memory-journeys.js';
import type { DynamoFixture } from './local-dynamo.js';

const always = { start: '00:00', end: '23:59' };

export interface RecordingMessageDeps {
  deps: MessageDeps & StartDeps & { runs: RecordingRuns; calls: InMemoryCallScheduler };
  emails: EmailMessage[];
  texts: { phone: string; body: string }[];
}

export function recordingMessageDeps(
  fx: DynamoFixture,
  t: Record<TableName, string>,
  clock: () => Date,
): RecordingMessageDeps {
  const emails: EmailMessage[] = [];
  const texts: { phone: string; body: string }[] = [];
  const deps: RecordingMessageDeps['deps'] = {
    campaigns: new DynamoCampaignStore(fx.db, t.campaigns),
    journeys: new DynamoJourneyStore(fx.db, t.journeys),
    customers: new DynamoCustomerRepository(fx.db, t.customers),
    scores: new DynamoScoreStore(fx.db, t.scores),
    sends: new DynamoSendLedger(fx.db, t.sends),
    slots: new DynamoSlotBook(fx.db, t.slots),
    codes: new DynamoOfferCodeStore(fx.db, t.offerCodes),
    quota: { emailPerSecond: async () => undefined },
    runs: new RecordingRuns(),
    calls: new InMemoryCallScheduler(),
    clock,
    settings: {
      windows: { email: always, sms: always, call: always },
      manager: { window: always, timeZone: 'UTC', callsPerHour: 20 },
      pacing: { emailPerSecond: 14, smsPartsPerSecond: 100 },
      smsOrigination: 'default',
      frequencyCap: { messages: 10, days: 7 },
      // Tests reach the same customers from several campaigns: no exclusivity between them.
      exclusivity: { oneJourneyAtATime: false, cooldownDays: 0 },
      pausedRecheckHours: 6,
      defaultTimeZone: 'UTC',
      publicUrl: 'https://shop.example',
      postalAddress: '1 Main St',
    },
    email: {
      send: async (message) => {
        emails.push(message);
        return { messageId: `m-${emails.length}` };
      },
    },
    sms: {
      send: async (message) => {
        texts.push(message);
        return { messageId: `s-${texts.length}` };
      },
    },
  };
  return { deps, emails, texts };
}

/** The campaign's report from its stored journeys, with no purchases, call tasks or prices. */
export async function storedReport(
  deps: Pick<MessageDeps, 'journeys' | 'campaigns'>,
  campaignId: string,
  now: Date,
) {
  const journeys: JourneyRecord[] = [];
  for await (const page of deps.journeys.list(campaignId)) journeys.push(...page);
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new Error(`no campaign '${campaignId}'`);
  return campaignReport({
    campaign,
    journeys,
    purchases: new Map(),
    tasks: [],
    prices: { email: 0, sms: 0, perJourney: 0 },
    now,
  });
}
