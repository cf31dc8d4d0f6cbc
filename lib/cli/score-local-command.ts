/**
 * `reactivate score --local`: the scoring workflow's three steps run in this process against the
 * running local stack (or any DynamoDB endpoint) — the same use cases and adapters the Lambda
 * tasks use, so the stored scores, the model item and `current` are what AWS would hold.
 */
import { DynamoCustomerPopulation } from '../../functions/adapters/dynamodb-customer-population.js';
import { DynamoModelStore } from '../../functions/adapters/dynamodb-model-store.js';
import { DynamoScoreStore } from '../../functions/adapters/dynamodb-score-store.js';
import type { TransactionModelName } from '../../functions/domain/scoring/models.js';
import { isCalendarDay } from '../../functions/domain/timestamps.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import {
  NothingToScoreError,
  type ScoringRun,
  type ScoringSettings,
  scoreAllCustomers,
} from '../../functions/use-cases/score-customers.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { findLocalStack } from '../local/stack-descriptor.js';
import { UsageError } from './import-command.js';
import { countBar, type Output } from './output.js';
import { TIME_UNITS, type TimeUnit } from './scoring-commands.js';

export interface ScoreLocalOptions {
  dataDir: string;
  config?: StageConfig;
  model?: TransactionModelName;
  threshold?: number;
  timeUnit?: TimeUnit;
  penalizer?: number;
  segments?: number;
  asOf?: string;
}

export interface ScoreLocalResult extends ScoringRun {
  seconds: number;
  customersPerSecond: number;
  settings: ScoringSettings;
}

export async function scoreLocalCommand(options: ScoreLocalOptions, out: Output): Promise<ScoreLocalResult> {
  if (options.asOf !== undefined && !isCalendarDay(options.asOf))
    throw new UsageError(`--as-of '${options.asOf}' is not a date (YYYY-MM-DD)`);
  const configured = (options.config ?? parseStageConfig({ stage: 'local' })).scoring;
  const settings: ScoringSettings = {
    model: options.model ?? configured.model,
    churnThreshold: options.threshold ?? configured.churnThreshold,
    unitDays: options.timeUnit ? TIME_UNITS[options.timeUnit] : configured.timeUnitDays,
    penalizer: options.penalizer ?? configured.penalizer,
    segments: options.segments ?? configured.segments,
  };
  const stack = findLocalStack(options.dataDir);
  const db = createDynamoClient({ ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint });
  const bar = countBar(out, 'scoring', 'customers');
  const started = performance.now();
  try {
    const run = await scoreAllCustomers(
      {
        population: new DynamoCustomerPopulation(db, stack.tables.customers),
        scores: new DynamoScoreStore(db, stack.tables.scores),
        models: new DynamoModelStore(db, stack.tables.models),
        clock: () => new Date(),
      },
      settings,
      {
        ...(options.asOf ? { asOf: options.asOf } : {}),
        onFitted: (fitted) => bar.start(fitted.customers),
        onPage: (counts) => bar.advance(counts.scored + counts.unchanged + counts.skipped),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    return { ...run, seconds, customersPerSecond: run.customers / seconds, settings };
  } catch (error) {
    if (error instanceof NothingToScoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    bar.stop();
    db.destroy();
  }
}
