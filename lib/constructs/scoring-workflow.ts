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
 *
 * Failure: every task retries Lambda's transient faults, timeouts and its own failures with
 * backoff and jitter; past that, the run ends at ScoringFailed with the error (a failed segment
 * fails the Map). PublishModel never runs then, so the current model stays the last good one, and
 * the FailedRuns alarm tells operators.
 */
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
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import { stageSettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import { HouseFunction } from './house-function.js';
import { declareRedrive } from './operations.js';
import {
  CAUGHT,
  deadLetterQueue,
  failWithCaughtError,
  retryTransientFailures,
  workflowStateMachine,
} from './workflow-parts.js';

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
    const task = (spec: (typeof FUNCTIONS)['fitScoringModel' | 'scoreSegment' | 'publishScoringModel']) =>
      new HouseFunction(this, spec.constructId, {
        spec,
        tables,
        settings: stageSettings(config, ''),
        resources: {},
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }).acknowledgeSynchronousInvocation('Step Functions (scoring workflow)');
    const fit = task(FUNCTIONS.fitScoringModel);
    const score = task(FUNCTIONS.scoreSegment);
    const publish = task(FUNCTIONS.publishScoringModel);
    this.functions = { fit, score, publish };

    // Whatever fails past its retries ends the run failed with its error: scores and the current
    // model stay those of the last good run (a half-scored version is never published).
    const runFailed = failWithCaughtError(this, 'ScoringFailed');
    const invoke = (id: string, fn: HouseFunction, minutes: number, props: Partial<LambdaInvokeProps> = {}) =>
      retryTransientFailures(
        new LambdaInvoke(this, id, {
          lambdaFunction: fn.function,
          payloadResponseOnly: true,
          retryOnServiceExceptions: false,
          taskTimeout: Timeout.duration(Duration.minutes(minutes + 1)),
          ...props,
        }),
        // A malformed input or a missing model will not mend on a retry.
        { permanent: ['InvalidTaskInput', 'ModelNotFoundError'] },
      );
    const fitModel = invoke('FitModel', fit, 15, { resultPath: '$.run' }).addCatch(runFailed, {
      resultPath: CAUGHT,
    });
    // A segment re-scored from the start writes the same scores: retrying is safe.
    const scoreSegment = invoke('ScoreSegment', score, 15).addCatch(
      failWithCaughtError(this, 'SegmentFailed'),
      { resultPath: CAUGHT },
    );
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
    })
      .itemProcessor(scoreSegment)
      .addCatch(runFailed, { resultPath: CAUGHT });
    const publishModel = invoke('PublishModel', publish, 1, {
      payload: TaskInput.fromObject({
        version: JsonPath.stringAt('$.run.version'),
        churnThreshold: JsonPath.numberAt('$.run.churnThreshold'),
        segments: JsonPath.listAt('$.segments'),
      }),
      resultPath: '$.publication',
    }).addCatch(runFailed, { resultPath: CAUGHT });

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
      const deadLetters = deadLetterQueue(
        this,
        'ScheduleDeadLetters',
        'the scoring schedule',
        props.removalPolicy,
      );
      declareRedrive(deadLetters, 'scoring-schedule', { stateMachine: this.stateMachine });
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
