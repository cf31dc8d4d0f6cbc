/** What a campaign report reads: the campaign, its journeys, purchases and call outcomes. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCallTaskStore } from '../adapters/dynamodb-call-task-store.js';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoCustomerRepository } from '../adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import { clock } from '../shared/clock.js';
import type { ReportDeps } from '../use-cases/campaign-report.js';

export const reportStores = (
  db: DynamoDBClient,
  env: {
    CAMPAIGNS_TABLE: string;
    JOURNEYS_TABLE: string;
    CUSTOMERS_TABLE: string;
    CALL_TASKS_TABLE: string;
    REPORT_SETTINGS: ReportDeps['settings'];
  },
) =>
  ({
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    customers: new DynamoCustomerRepository(db, env.CUSTOMERS_TABLE),
    tasks: new DynamoCallTaskStore(db, env.CALL_TASKS_TABLE),
    settings: env.REPORT_SETTINGS,
    clock,
  }) satisfies ReportDeps;
