/** A campaign run's bookkeeping (record the launch, check for completion): the campaign and its journeys. */

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type * as z from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb-campaign-store.js';
import { DynamoJourneyStore } from '../adapters/dynamodb-journey-store.js';
import type { campaignRunSettingsSchema } from '../manifest/variables.js';
import { createDynamoClient } from '../shared/clients/dynamodb.js';
import { clock } from '../shared/clock.js';

export function campaignProgress(
  env: {
    CAMPAIGNS_TABLE: string;
    JOURNEYS_TABLE: string;
    CAMPAIGN_RUN_SETTINGS: z.output<typeof campaignRunSettingsSchema>;
  },
  db: DynamoDBClient = createDynamoClient(),
) {
  return {
    campaigns: new DynamoCampaignStore(db, env.CAMPAIGNS_TABLE),
    journeys: new DynamoJourneyStore(db, env.JOURNEYS_TABLE),
    clock,
    settings: env.CAMPAIGN_RUN_SETTINGS,
  };
}
