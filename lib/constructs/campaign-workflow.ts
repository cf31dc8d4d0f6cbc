/**
 * A campaign's runs as a Standard state machine. The campaign API starts one `launch-<id>` run
 * when a campaign starts and one `cancel-<id>` run when it is cancelled; the names make a
 * repeated start a no-op.
 *
 *   Action? ─ cancel ─▶ EndJourneys ─▶ AllEnded? ─ no ─▶ EndJourneys (next page)
 *      │                                  └ yes ─▶ WaitForLaunchToStop ─▶ SweepAgain ─▶ SweepJourneys
 *      │                                           (pages, AllSwept?) ─▶ NewCancelledReport ─▶
 *      │                                           BuildCancelledReport (pages) ─▶ Cancelled
 *      └ launch ─▶ PrepareLaunch ─▶ Launching? ─ no (not running) ─▶ NotLaunched
 *                        │ yes
 *                        ▼
 *      EnrolSegments (Map, one per scan segment in parallel:
 *                     EnrolSegment ─▶ SegmentDone? ─ no ─▶ EnrolSegment (next pages))
 *                        ▼
 *      RecordLaunch ─▶ CheckCampaign ─▶ NewReport ─▶ BuildReport ─▶ ReportBuilt? ─ no ─▶ BuildReport
 *                                                                        │ yes
 *      Finished? ─ no ─▶ WaitForJourneys ─▶ CheckCampaign …                  ◀┘
 *         └ yes (no journey active, or cancelled) ─▶ Ended
 *
 * EnrolSegment selects the audience from the stored scores, records the holdout (no execution)
 * and starts a journey execution per selected customer, paced under the account's StartExecution
 * refill rate (shared by the segments) with deterministic names. It hands a cursor back before
 * its time runs out, so a launch of millions continues page by page. Pause needs no run: each
 * journey re-checks the campaign's status before every message and defers while it is paused.
 * Cancel ends every active journey at once (execution stopped, call schedule deleted); a launch
 * under way stops within a second of seeing it, and a second sweep two minutes later ends what it
 * enrolled meanwhile (those journeys' first step ends them itself too), then the report is
 * rebuilt once every journey has ended.
 *
 * Failure: every task retries Lambda's transient faults, timeouts and its own failures with
 * backoff and jitter; past that, RecordRunFailure keeps the error on the campaign (`runFailure`)
 * and the run ends at RunFailed (a segment that fails fails the EnrolSegments Map first), which the
 * FailedRuns alarm reports. Journeys already started go on by themselves. A completion check or
 * report that fails is recorded the same way (RecordCheckFailure), and the next check comes after
 * the usual interval (WaitAfterFailedCheck): the campaign still completes once its journeys end.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  type IChainable,
  type IStateMachine,
  JsonPath,
  Map as MapState,
  Pass,
  Result,
  type StateMachine,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ResourceValuesOf } from '../../functions/manifest/environment.js';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import { journeyResourceNames, stageSettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import { grantEndingJourneys, grantWatchingJourneys, stageResources } from './function-grants.js';
import { HouseFunction } from './house-function.js';
import {
  CAUGHT,
  failWithCaughtError,
  retryTransientFailures,
  workflowStateMachine,
} from './workflow-parts.js';

export type CampaignTables = Pick<
  Record<TableName, ITableV2>,
  'customers' | 'scores' | 'models' | 'campaigns' | 'journeys' | 'callTasks'
>;

export interface CampaignWorkflowProps {
  config: StageConfig;
  tables: CampaignTables;
  /** The journey state machine whose executions a launch starts. */
  journeys: IStateMachine;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

type CampaignFunctionSpec = (typeof FUNCTIONS)[
  | 'prepareLaunch'
  | 'enrolSegment'
  | 'recordLaunch'
  | 'checkCampaign'
  | 'buildReport'
  | 'endCampaignJourneys'
  | 'recordCampaignFailure'];

export type CampaignFunction =
  | 'prepare'
  | 'enrol'
  | 'record'
  | 'check'
  | 'report'
  | 'endJourneys'
  | 'recordFailure';

export class CampaignWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<CampaignFunction, HouseFunction>;

  constructor(scope: Construct, id: string, props: CampaignWorkflowProps) {
    super(scope, id);
    const { config, tables } = props;
    const names = journeyResourceNames(config.stage);
    const stageNames = stageResources(this, config.stage);
    const fn = <S extends CampaignFunctionSpec>(spec: S, resources: ResourceValuesOf<S>) =>
      new HouseFunction(this, spec.constructId, {
        spec,
        // CampaignTables holds every table the campaign functions name (a missing one fails synthesis).
        tables: tables as Record<keyof S['tables'], ITableV2>,
        // The campaign functions render no links: the public URL is the journeys' business.
        settings: stageSettings(config, ''),
        resources,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }).acknowledgeSynchronousInvocation('Step Functions (campaign workflow)');
    const prepare = fn(FUNCTIONS.prepareLaunch, {});
    const enrol = fn(FUNCTIONS.enrolSegment, {
      JOURNEY_STATE_MACHINE_ARN: props.journeys.stateMachineArn,
    });
    props.journeys.grantStartExecution(enrol.function);
    const record = fn(FUNCTIONS.recordLaunch, {});
    const check = fn(FUNCTIONS.checkCampaign, {
      JOURNEY_STATE_MACHINE_ARN: stageNames.JOURNEY_STATE_MACHINE_ARN,
      CALL_SCHEDULE_GROUP: stageNames.CALL_SCHEDULE_GROUP,
    });
    grantEndingJourneys(check, config.stage);
    grantWatchingJourneys(check, config.stage);
    const report = fn(FUNCTIONS.buildReport, {});
    const endJourneys = fn(FUNCTIONS.endCampaignJourneys, {
      JOURNEY_STATE_MACHINE_ARN: stageNames.JOURNEY_STATE_MACHINE_ARN,
      CALL_SCHEDULE_GROUP: stageNames.CALL_SCHEDULE_GROUP,
    });
    grantEndingJourneys(endJourneys, config.stage);
    const recordFailure = fn(FUNCTIONS.recordCampaignFailure, {});
    this.functions = { prepare, enrol, record, check, report, endJourneys, recordFailure };

    this.stateMachine = workflowStateMachine(this, {
      name: names.campaignStateMachine,
      comment: "A campaign's launch (audience, holdout, journeys) and completion, or its cancellation",
      definition: this.definition(config),
      // A campaign lasts as long as its last journey, which fits in a year by construction.
      timeout: Duration.days(365),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      invoked: Object.values(this.functions),
      alarm: {
        id: 'FailedRuns',
        description: 'A campaign run failed: its launch, completion or cancellation stopped part-way',
      },
    });
  }

  private definition(config: StageConfig): IChainable {
    const f = this.functions;
    const runFailed = failWithCaughtError(this, 'RunFailed');
    const recordFailureTask = (id: string) =>
      retryTransientFailures(
        new LambdaInvoke(this, id, {
          lambdaFunction: f.recordFailure.function,
          payloadResponseOnly: true,
          retryOnServiceExceptions: false,
          // From the run's input: a paging step (EndJourneys) replaces the state with its own result.
          payload: TaskInput.fromObject({
            campaignId: JsonPath.stringAt('$$.Execution.Input.campaignId'),
            action: JsonPath.stringAt('$$.Execution.Input.action'),
            failure: JsonPath.objectAt(CAUGHT),
          }),
          resultPath: JsonPath.DISCARD,
          taskTimeout: Timeout.duration(Duration.minutes(2)),
        }),
        { permanent: ['InvalidTaskInput'] },
      );
    const recordFailure = recordFailureTask('RecordRunFailure')
      .addCatch(runFailed, { resultPath: '$.recordFailure' })
      .next(runFailed);
    // The completion checks last as long as the campaign's journeys: a check or report that fails
    // is recorded and the next check comes at the usual interval, instead of ending the run (and
    // with it the campaign's completion and its report).
    const checkAgainLater = new Wait(this, 'WaitAfterFailedCheck', {
      time: WaitTime.duration(Duration.seconds(Math.round(config.campaigns.completionCheckHours * 3600))),
    });
    const checkFailed = recordFailureTask('RecordCheckFailure')
      .addCatch(checkAgainLater, { resultPath: '$.recordFailure' })
      .next(checkAgainLater);
    const task = (
      id: string,
      target: HouseFunction,
      payload: TaskInput | undefined,
      resultPath: string,
      minutes: number,
      failTo: IChainable = recordFailure,
    ) =>
      // Every step is idempotent: a start or an end repeated is a no-op, counts restart from the input.
      retryTransientFailures(
        new LambdaInvoke(this, id, {
          lambdaFunction: target.function,
          payloadResponseOnly: true,
          retryOnServiceExceptions: false,
          ...(payload ? { payload } : {}),
          resultPath,
          taskTimeout: Timeout.duration(Duration.minutes(minutes + 1)),
        }),
        { permanent: ['InvalidTaskInput', 'InvalidCursorError'] },
      ).addCatch(failTo, { resultPath: CAUGHT });
    const campaignOnly = TaskInput.fromObject({ campaignId: JsonPath.stringAt('$.campaignId') });

    // The report of a run, built anew page by page (a large campaign's report request reads it).
    const reportLoop = (prefix: string, then: IChainable, failTo: IChainable) => {
      const build = task(
        `Build${prefix}Report`,
        f.report,
        TaskInput.fromObject({
          campaignId: JsonPath.stringAt('$.campaignId'),
          progress: JsonPath.objectAt('$.report'),
        }),
        '$.report',
        15,
        failTo,
      );
      const fresh = new Pass(this, `New${prefix}Report`, {
        result: Result.fromObject({}),
        resultPath: '$.report',
      });
      fresh
        .next(build)
        .next(
          new Choice(this, `${prefix}ReportBuilt`)
            .when(Condition.booleanEquals('$.report.done', false), build)
            .otherwise(then),
        );
      return fresh;
    };

    // Cancel: every active journey ends; then, once a launch under way has seen the cancel (it
    // looks at every page, and within a second while starting one), a second sweep ends whatever
    // it enrolled meanwhile, and the report is rebuilt from journeys that have all ended.
    const endJourneys = task('EndJourneys', f.endJourneys, undefined, '$', 15);
    const sweepJourneys = task('SweepJourneys', f.endJourneys, undefined, '$', 15);
    const cancelledReport = reportLoop('Cancelled', new Succeed(this, 'Cancelled'), recordFailure);
    sweepJourneys.next(
      new Choice(this, 'AllSwept')
        .when(Condition.booleanEquals('$.done', true), cancelledReport)
        .otherwise(sweepJourneys),
    );
    const sweep = new Wait(this, 'WaitForLaunchToStop', { time: WaitTime.duration(Duration.minutes(2)) })
      .next(
        new Pass(this, 'SweepAgain', {
          parameters: { 'campaignId.$': '$.campaignId', 'ended.$': '$.ended' },
        }),
      )
      .next(sweepJourneys);
    const cancel = endJourneys.next(
      new Choice(this, 'AllEnded')
        .when(Condition.booleanEquals('$.done', true), sweep)
        .otherwise(endJourneys),
    );

    // A segment that fails past its retries fails the Map, and so the run.
    const enrolSegment = task(
      'EnrolSegment',
      f.enrol,
      undefined,
      '$',
      15,
      failWithCaughtError(this, 'SegmentFailed'),
    );
    const enrolSegments = new MapState(this, 'EnrolSegments', {
      itemsPath: '$.launch.segments',
      maxConcurrency: config.campaigns.segments,
      itemSelector: {
        'campaignId.$': '$.campaignId',
        'segment.$': '$$.Map.Item.Value',
        'totalSegments.$': '$.launch.totalSegments',
      },
      resultPath: '$.segments',
    }).itemProcessor(
      enrolSegment.next(
        new Choice(this, 'SegmentDone')
          .when(Condition.booleanEquals('$.done', true), new Succeed(this, 'SegmentEnrolled'))
          .otherwise(enrolSegment),
      ),
    );
    enrolSegments.addCatch(recordFailure, { resultPath: CAUGHT });
    const recordLaunch = task(
      'RecordLaunch',
      f.record,
      TaskInput.fromObject({
        campaignId: JsonPath.stringAt('$.campaignId'),
        segments: JsonPath.listAt('$.segments'),
      }),
      '$.summary',
      1,
    );
    const checkCampaign = task('CheckCampaign', f.check, campaignOnly, '$.check', 1, checkFailed);
    checkAgainLater.next(checkCampaign);
    const waitForJourneys = new Wait(this, 'WaitForJourneys', {
      time: WaitTime.timestampPath('$.check.wakeAt'),
    });
    waitForJourneys.next(checkCampaign);
    // The report a large campaign's report request reads: built anew at a check once the journeys
    // moved on (or it is a day old), and when the campaign ends.
    const finished = new Choice(this, 'Finished')
      .when(Condition.stringEquals('$.check.state', 'waiting'), waitForJourneys)
      .otherwise(new Succeed(this, 'Ended'));
    checkCampaign.next(
      new Choice(this, 'ReportDue')
        .when(
          Condition.and(
            Condition.isPresent('$.check.report'),
            Condition.booleanEquals('$.check.report', false),
          ),
          finished,
        )
        .otherwise(reportLoop('', finished, checkFailed)),
    );
    const launch = task('PrepareLaunch', f.prepare, campaignOnly, '$.launch', 5).next(
      new Choice(this, 'Launching')
        .when(Condition.booleanEquals('$.launch.launch', false), new Succeed(this, 'NotLaunched'))
        .otherwise(enrolSegments.next(recordLaunch).next(checkCampaign)),
    );
    return new Choice(this, 'Action')
      .when(Condition.stringEquals('$.action', 'cancel'), cancel)
      .otherwise(launch);
  }
}
