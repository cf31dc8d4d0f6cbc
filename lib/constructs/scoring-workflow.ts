/**
 * The scoring workflow: scores every customer in DynamoDB and names the model that produced the
 * scores, nightly by default and on demand.
 *
 *   FitModel ──▶ AnythingToScore? ──▶ ScoreSegments (Map: one Lambda per scan segment, in
 *                      │                parallel) ──▶ PublishModel
 *                      └─ no customer with a purchase yet ──▶ NothingToScore (succeeds)
 *
 * FitModel reads every customer's purchase statistics (parallel scan segments inside one Lambda:
 * fitting needs them all at once), fits the transaction, spend and RFM models as of today and
 * stores them as a versioned item. ScoreSegments scores each scan segment with that version and
 * writes the scores, 25 to a batch. PublishModel then points `current` at the version, so a
 * campaign never selects from half-written scores. The same data gives the same version, and a
 * re-run leaves customers whose scores are current untouched. State payloads hold only versions
 * and counts — no customer data — so execution history is not logged with data anyway.
 */
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  Choice,
  Condition,
  JsonPath,
  Map as MapState,
  type StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { TABLE_VARIABLES } from '../api-routes.js';
import type { StageConfig } from '../config.js';
import type { TableName } from '../table-definitions.js';
import { HouseFunction } from './house-function.js';
import { deadLetterQueue, workflowStateMachine } from './workflow-parts.js';

const HANDLERS_DIR = fileURLToPath(new URL('../../functions/handlers/', import.meta.url));

export interface ScoringWorkflowProps {
  config: StageConfig;
  tables: Pick<Record<TableName, ITableV2>, 'customers' | 'scores' | 'models'>;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

export class ScoringWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<'fit' | 'score' | 'publish', HouseFunction>;

  constructor(scope: Construct, id: string, props: ScoringWorkflowProps) {
    super(scope, id);
    const { config, tables } = props;
    const scoring = config.scoring;
    const task = (
      fnId: string,
      handler: string,
      description: string,
      sizing: { memory: number; minutes: number },
    ) =>
      new HouseFunction(this, fnId, {
        entry: `${HANDLERS_DIR}${handler}.ts`,
        description,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
        memorySize: sizing.memory,
        timeout: Duration.minutes(sizing.minutes),
      }).acknowledgeSynchronousInvocation('Step Functions (scoring workflow)');

    // Fitting holds every customer's statistics in memory (about 300 bytes each) and is CPU-bound.
    const fit = task('FitFunction', 'fit-scoring-model-handler', 'scoring: fit the model on every customer', {
      memory: 4096,
      minutes: 15,
    })
      .bindTable(TABLE_VARIABLES.customers, tables.customers, 'scan')
      .bindTable(TABLE_VARIABLES.models, tables.models, 'readWrite');
    for (const [name, value] of Object.entries({
      SCORING_MODEL: scoring.model,
      CHURN_THRESHOLD: String(scoring.churnThreshold),
      TIME_UNIT_DAYS: String(scoring.timeUnitDays),
      PENALIZER: String(scoring.penalizer),
      SCAN_SEGMENTS: String(scoring.segments),
    }))
      fit.function.addEnvironment(name, value);
    // 1,769 MB is one full vCPU: scoring a segment is CPU-bound between its reads and writes.
    const score = task('ScoreFunction', 'score-segment-handler', 'scoring: score one scan segment', {
      memory: 1769,
      minutes: 15,
    })
      .bindTable(TABLE_VARIABLES.customers, tables.customers, 'scan')
      .bindTable(TABLE_VARIABLES.scores, tables.scores, 'readWrite')
      .bindTable(TABLE_VARIABLES.models, tables.models, 'read');
    const publish = task(
      'PublishFunction',
      'publish-scoring-model-handler',
      'scoring: name the current model',
      {
        memory: 256,
        minutes: 1,
      },
    ).bindTable(TABLE_VARIABLES.models, tables.models, 'readWrite');
    this.functions = { fit, score, publish };

    const fitModel = new LambdaInvoke(this, 'FitModel', {
      lambdaFunction: fit.function,
      payloadResponseOnly: true,
      resultPath: '$.run',
    });
    const scoreSegment = new LambdaInvoke(this, 'ScoreSegment', {
      lambdaFunction: score.function,
      payloadResponseOnly: true,
    })
      // A malformed input or a missing model will not mend on a retry.
      .addRetry({ errors: ['InvalidTaskInput', 'ModelNotFoundError'], maxAttempts: 0 })
      .addRetry({
        // A segment re-scored from the start writes the same scores: retrying is safe.
        errors: ['States.TaskFailed'],
        interval: Duration.seconds(10),
        maxAttempts: 2,
        backoffRate: 3,
      });
    const scoreSegments = new MapState(this, 'ScoreSegments', {
      itemsPath: '$.run.segments',
      maxConcurrency: scoring.segments,
      itemSelector: {
        'version.$': '$.run.version',
        'segment.$': '$$.Map.Item.Value',
        'totalSegments.$': '$.run.totalSegments',
        'churnThreshold.$': '$.run.churnThreshold',
        'compare.$': '$.run.rerun',
      },
      resultPath: '$.segments',
    }).itemProcessor(scoreSegment);
    const publishModel = new LambdaInvoke(this, 'PublishModel', {
      lambdaFunction: publish.function,
      payloadResponseOnly: true,
      payload: TaskInput.fromObject({
        version: JsonPath.stringAt('$.run.version'),
        churnThreshold: JsonPath.numberAt('$.run.churnThreshold'),
        segments: JsonPath.listAt('$.segments'),
      }),
      resultPath: '$.publication',
    });

    this.stateMachine = workflowStateMachine(this, {
      comment: 'Scores every customer: fit the model, score the scan segments in parallel, publish',
      definition: fitModel.next(
        new Choice(this, 'AnythingToScore')
          .when(Condition.numberEquals('$.run.customers', 0), new Succeed(this, 'NothingToScore'))
          .otherwise(scoreSegments.next(publishModel)),
      ),
      timeout: Duration.hours(2),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      invoked: Object.values(this.functions),
      alarm: {
        id: 'FailedRuns',
        description: 'A scoring run failed: scores and the current model are those of the last good run',
      },
    });

    if (scoring.schedule) {
      const deadLetters = deadLetterQueue(this, 'ScheduleDeadLetters', 'the scoring schedule');
      new Schedule(this, 'Schedule', {
        description: 'Regular scoring run',
        schedule: ScheduleExpression.expression(scoring.schedule, TimeZone.of(scoring.scheduleTimeZone)),
        target: new StepFunctionsStartExecution(this.stateMachine, {
          input: ScheduleTargetInput.fromObject({}),
          deadLetterQueue: deadLetters,
          retryAttempts: 3,
        }),
      });
    }
  }
}
