/** The stores a journey step decides from, on one DynamoDB client. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { DynamoScoreStore } from '../adapters/dynamodb-score-store.js';
import { DynamoSendLedger } from '../adapters/dynamodb-send-ledger.js';
import { clock } from '../shared/clock.js';

export const journeyStores = (
  db: DynamoDBClient,
  env: {
    CAMPAIGNS_TABLE: string;
    JOURNEYS_TABLE: string;
    CUSTOMERS_TABLE: string;
    SCORES_TABLE: string;
    SENDS_TABLE: string;
  },
) => ({
  campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
  journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
  customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
  scores: new DynamoScoreStore(db, env.SCORES_TABLE),
  sends: new DynamoSendLedger(db, env.SENDS_TABLE),
  clock,
});
