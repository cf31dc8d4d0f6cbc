/**
 * `reactivate import`: streams customer and order files (CSV, JSON Lines, CDNOW) into the local
 * stack, or any DynamoDB endpoint, through the same use cases as the API. Customers go first so
 * their orders find them. Exit code: 0 when every row was accepted (or already stored exactly
 * so), 1 when any row was rejected, 2 when a file could not be imported at all.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoCustomerRepository } from '../../functions/adapters/dynamodb-customer-repository.js';
import { DynamoJourneyStore } from '../../functions/adapters/dynamodb-journey-store.js';
import { DynamoOfferCodeStore } from '../../functions/adapters/dynamodb-offer-code-store.js';
import { DynamoOrderLedger } from '../../functions/adapters/dynamodb-order-ledger.js';
import { SchedulerCallScheduler } from '../../functions/adapters/scheduler-call-scheduler.js';
import { SfnWorkflowRuns } from '../../functions/adapters/sfn-workflow-runs.js';
import {
  type ImportCounts,
  type ImportKind,
  type Rejection,
  runImport,
} from '../../functions/import/import-runner.js';
import { readLines } from '../../functions/import/line-reader.js';
import {
  ImportFileError,
  readCdnowRecords,
  readCsvRecords,
  readJsonLines,
  type SourceRecord,
} from '../../functions/import/record-readers.js';
import { REQUIRED_CUSTOMER_COLUMNS, REQUIRED_ORDER_COLUMNS } from '../../functions/import/row-mapping.js';
import { createDynamoClient } from '../../functions/shared/aws-clients.js';
import { ingestSettings } from '../../functions/use-cases/ingest-settings.js';
import type { ResponseDeps } from '../../functions/use-cases/record-responses.js';
import { parseStageConfig, type StageConfig } from '../config.js';
import { LOCAL_CLIENT } from '../local/local-client.js';
import { findLocalStack, type StackDescriptor } from '../local/stack-descriptor.js';
import type { TableName } from '../table-definitions.js';
import { FORMATS, type Format, formatOf } from './file-format.js';
import { type Output, progressBar } from './output.js';
import { ImportInterruptedError, UsageError } from './usage-error.js';

export { FORMATS, type Format, formatOf, ImportInterruptedError, UsageError };

export interface ImportCommandOptions {
  customers?: string;
  orders?: string;
  format?: Format;
  endpoint?: string;
  customersTable?: string;
  ordersTable?: string;
  dataDir: string;
  rejects?: string;
  /** Settings given on the command line (--config); otherwise those of the running local stack. */
  config?: StageConfig;
}

export interface FileSummary extends ImportCounts {
  file: string;
  kind: ImportKind;
  format: Format;
  seconds: number;
  rowsPerSecond: number;
  /** The first rejections (all of them are in --rejects). */
  rejections: Rejection[];
  /** Peak resident memory of this process so far, in MB. */
  peakMemoryMB: number;
}

const KEPT_REJECTIONS = 1000;

export function recordsOf(
  lines: ReturnType<typeof readLines>,
  kind: ImportKind,
  format: Format,
): AsyncIterable<SourceRecord> {
  if (format === 'cdnow') return readCdnowRecords(lines);
  if (format === 'jsonl') return readJsonLines(lines);
  return readCsvRecords(lines, kind === 'customers' ? REQUIRED_CUSTOMER_COLUMNS : REQUIRED_ORDER_COLUMNS);
}

interface Target {
  client: DynamoDBClientConfig;
  tables: Pick<Record<TableName, string>, 'customers' | 'orders'> & {
    journeys?: string;
    offerCodes?: string;
  };
  defaults: StageConfig['defaults'];
  /** The running local stack's journeys: purchases in the file end them at once, as the API does. */
  journeys?: StackDescriptor['journeys'] & { endpoint: string };
}

function target(options: ImportCommandOptions): Target {
  if (options.endpoint || (options.customersTable && options.ordersTable)) {
    // An explicit target uses the standard AWS configuration (region, credentials) of the shell.
    return {
      client: options.endpoint
        ? { endpoint: options.endpoint, region: process.env.AWS_REGION ?? 'us-east-1' }
        : {},
      tables: {
        customers: options.customersTable ?? 'reactivate-local-customers',
        orders: options.ordersTable ?? 'reactivate-local-orders',
      },
      defaults: (options.config ?? parseStageConfig({ stage: 'local' })).defaults,
    };
  }
  const stack = findLocalStack(options.dataDir);
  return {
    client: { ...LOCAL_CLIENT, endpoint: stack.dynamodbEndpoint },
    tables: stack.tables,
    defaults: options.config?.defaults ?? stack.defaults,
    ...(stack.journeys ? { journeys: { ...stack.journeys, endpoint: stack.apiUrl } } : {}),
  };
}

/** Ends the journeys of customers who bought, through the stack's local Step Functions and Scheduler. */
function journeyResponses(
  db: ReturnType<typeof createDynamoClient>,
  customers: DynamoCustomerRepository,
  target: Target,
): ResponseDeps | undefined {
  const { journeys } = target;
  if (!journeys || !target.tables.journeys) return undefined;
  const local = { ...LOCAL_CLIENT, endpoint: journeys.endpoint };
  return {
    customers,
    journeys: new DynamoJourneyStore(db, target.tables.journeys),
    runs: new SfnWorkflowRuns(new SFNClient({ ...local, maxAttempts: 5 }), journeys.stateMachineArn),
    calls: new SchedulerCallScheduler(new SchedulerClient({ ...local, maxAttempts: 5 }), {
      groupName: journeys.callScheduleGroup,
      targetArn: '',
      roleArn: '',
      deadLetterQueueArn: '',
    }),
    clock: () => new Date(),
  };
}

export async function importCommand(options: ImportCommandOptions, out: Output): Promise<FileSummary[]> {
  const jobs: { kind: ImportKind; file: string }[] = [];
  if (options.customers) jobs.push({ kind: 'customers', file: options.customers });
  if (options.orders) jobs.push({ kind: 'orders', file: options.orders });
  if (jobs.length === 0)
    throw new UsageError('nothing to import: pass --customers FILE and/or --orders FILE');
  const planned = jobs.map((job) => {
    try {
      return { ...job, format: formatOf(job.file, options.format, job.kind), size: statSync(job.file).size };
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(
        `cannot read ${job.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  });

  const destination = target(options);
  const { client, tables, defaults } = destination;
  const db = createDynamoClient(client);
  const rejectsFile = options.rejects ? createWriteStream(options.rejects) : undefined;
  const customers = new DynamoCustomerRepository(db, tables.customers, { concurrency: 32 });
  const responses = journeyResponses(db, customers, destination);
  const deps = {
    customers,
    ledger: new DynamoOrderLedger(db, tables, { concurrency: 32 }),
    settings: ingestSettings(defaults),
    ...(responses ? { responses } : {}),
    ...(tables.journeys && tables.offerCodes
      ? {
          redemptions: {
            codes: new DynamoOfferCodeStore(db, tables.offerCodes),
            journeys: new DynamoJourneyStore(db, tables.journeys),
          },
        }
      : {}),
  };

  const summaries: FileSummary[] = [];
  try {
    for (const job of planned) {
      const started = performance.now();
      let bytes = 0;
      const bar = progressBar(out, `${job.kind} ${basename(job.file)}`, job.size);
      const source = (async function* () {
        // Small reads keep the bar (bytes read) close to the rows written, a few chunks behind.
        for await (const chunk of createReadStream(job.file, { highWaterMark: 64 * 1024 })) {
          bytes += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      })();
      const rejections: Rejection[] = [];
      let counts: ImportCounts;
      try {
        counts = await runImport(job.kind, recordsOf(readLines(source), job.kind, job.format), deps, {
          createMissingCustomers: job.format === 'cdnow',
          onRejection: (rejection) => {
            if (rejections.length < KEPT_REJECTIONS) rejections.push(rejection);
            rejectsFile?.write(`${JSON.stringify({ file: job.file, ...rejection })}\n`);
          },
          onProgress: (c) => bar.update(bytes, c),
        });
      } finally {
        bar.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      summaries.push({
        file: job.file,
        kind: job.kind,
        format: job.format,
        ...counts,
        seconds,
        rowsPerSecond: counts.rows / seconds,
        rejections,
        peakMemoryMB: Math.round(process.resourceUsage().maxRSS / 1024),
      });
    }
  } catch (error) {
    const file = planned[summaries.length]?.file;
    if (error instanceof ImportFileError) throw new UsageError(`${file}: ${error.message}`);
    throw new ImportInterruptedError(
      `${file}: the import stopped: ${(error as Error).message}. Every row written so far is complete; ` +
        'run the same command again to finish (rows already stored count as unchanged).',
    );
  } finally {
    db.destroy();
    await new Promise<void>((resolve) => (rejectsFile ? rejectsFile.end(resolve) : resolve()));
  }
  return summaries;
}
