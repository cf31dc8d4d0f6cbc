/**
 * One customer's win-back journey as a Standard state machine (one execution per customer and
 * campaign, named deterministically):
 *
 *   StartJourney ─▶ Enrolled? ─ no (held out, not reachable in a year, erased) ─▶ Done
 *        │ yes
 *        ▼
 *   WaitForChurnMoment ─▶ SendEmail ─▶ AfterEmail ─ retry (outside window, paused) ─▶ WaitForChurnMoment
 *        (churn moment − lead time,         │ end (response, cancelled) ─▶ Done
 *         in the email window)              ▼
 *   WaitForEmailResponse ─▶ SendSms ─▶ AfterSms ─ retry ─▶ WaitForEmailResponse
 *        (response window, then              │ end ─▶ Done
 *         into the SMS window)               ▼
 *   WaitForSmsResponse ─▶ ScheduleCall (the end of the execution)
 *
 *   any task, past its retries ─▶ RecordFailure ─▶ JourneyFailed
 *
 * Each task decides from fresh reads and returns `$.step` = { action, wakeAt }: the next Wait
 * sleeps until `wakeAt` (a skipped channel — no consent, bounced — means "now", so the journey
 * goes straight on). A response during any wait ends the journey at once from outside: the
 * response path stops the execution and deletes a pending call schedule. ScheduleCall places a
 * one-time EventBridge Scheduler schedule in the managers' business hours and the customer's
 * calling window; its target creates the call task and notifies the managers' topic (and defers
 * the call itself while the campaign is paused), so the execution never loops back from there.
 * A fully escalated journey is 10 state transitions. State holds identifiers and times only.
 *
 * Failure: every task retries Lambda's throttling and service faults, timeouts and its own
 * failures with backoff and full jitter (the steps are idempotent: the send ledger makes a retry
 * never send twice). What gets past the retries is caught: RecordFailure ends the journey
 * `failed` with the error, frees the customer and deletes a pending call schedule, and the
 * execution fails at JourneyFailed, which the FailedJourneys alarm reports. No journey is left
 * `active` with no execution behind it.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import {
  Choice,
  Condition,
  type IChainable,
  JsonPath,
  type StateMachine,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/manifest/functions.js';
import type { StageConfig } from '../config.js';
import { journeyResourceNames, stageSettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import {
  callScheduleArns,
  grantDeletingCallSchedules,
  grantEndingJourneys,
  grantReadingSendQuota,
  stageResources,
} from './function-grants.js';
import { HouseFunction } from './house-function.js';
import { declareRedrive } from './operations.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';
import {
  CAUGHT,
  deadLetterQueue,
  failWithCaughtError,
  retryTransientFailures,
  workflowStateMachine,
} from './workflow-parts.js';

export type JourneyTables = Pick<
  Record<TableName, ITableV2>,
  'customers' | 'scores' | 'campaigns' | 'journeys' | 'sends' | 'callTasks' | 'slots' | 'offerCodes'
>;

export interface JourneyWorkflowProps {
  config: StageConfig;
  tables: JourneyTables;
  /** Base URL of the public links (click, unsubscribe) when the config does not set one. */
  publicUrl: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

export type JourneyFunction =
  | 'start'
  | 'sendEmail'
  | 'sendSms'
  | 'scheduleCall'
  | 'createCallTask'
  | 'recordFailure';

export class JourneyWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: Record<JourneyFunction, HouseFunction>;
  /** The stage's SES configuration set: every campaign email goes through it. */
  readonly configurationSet: ConfigurationSet;
  readonly managerTopic: Topic;

  constructor(scope: Construct, id: string, props: JourneyWorkflowProps) {
    super(scope, id);
    const { config, tables } = props;
    const stack = Stack.of(this);
    const names = journeyResourceNames(config.stage);
    const common = {
      tables,
      settings: stageSettings(config, props.publicUrl),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    };

    // Email: SES v2 with the stage's configuration set, from the configured domain only.
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: names.configurationSet,
      reputationMetrics: true,
    });
    this.configurationSet = configurationSet;

    // Calls: a schedule group of our own, a role Scheduler assumes to invoke the task creator, a DLQ.
    const group = new CfnScheduleGroup(this, 'CallSchedules', { name: names.scheduleGroup });
    const deadLetters = deadLetterQueue(
      this,
      'CallScheduleDeadLetters',
      'the call schedules',
      props.removalPolicy,
    );
    const schedulerRole = new Role(this, 'CallSchedulerRole', {
      // Only this account's schedules may assume it (the confused-deputy guard AWS recommends).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler invokes the call-task function and dead-letters failures',
    });
    this.managerTopic = new Topic(this, 'ManagerTopic', {
      displayName: 'Reactivate: new call tasks',
      enforceSSL: true,
    });
    Validations.of(this.managerTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries task ids, campaign ids and due times only — no personal data — so SSE-KMS adds cost and key policy work for nothing.',
    });
    const placing = {
      CALL_SCHEDULE_GROUP: names.scheduleGroup,
      CALL_TARGET_ROLE_ARN: schedulerRole.roleArn,
      CALL_DLQ_ARN: deadLetters.queueArn,
    };

    // Its own state machine's ARN is named from the stage, not referenced: no dependency cycle.
    const { JOURNEY_STATE_MACHINE_ARN } = stageResources(this, config.stage);
    const start = new HouseFunction(this, FUNCTIONS.startJourney.constructId, {
      spec: FUNCTIONS.startJourney,
      resources: { JOURNEY_STATE_MACHINE_ARN, CALL_SCHEDULE_GROUP: names.scheduleGroup },
      ...common,
    });
    grantEndingJourneys(start, config.stage);
    const sendEmail = new HouseFunction(this, FUNCTIONS.sendEmail.constructId, {
      spec: FUNCTIONS.sendEmail,
      resources: { SES_CONFIGURATION_SET: configurationSet.configurationSetName },
      ...common,
    });
    const sendSms = new HouseFunction(this, FUNCTIONS.sendSms.constructId, {
      spec: FUNCTIONS.sendSms,
      resources: {},
      ...common,
    });
    // Its own ARN (the target of a paused campaign's deferred call) comes from the invocation's
    // context: a variable holding it would make the function depend on itself.
    const createCallTask = new HouseFunction(this, FUNCTIONS.createCallTask.constructId, {
      spec: FUNCTIONS.createCallTask,
      resources: { ...placing, MANAGER_TOPIC_ARN: this.managerTopic.topicArn },
      ...common,
    });
    const scheduleCall = new HouseFunction(this, FUNCTIONS.scheduleCall.constructId, {
      spec: FUNCTIONS.scheduleCall,
      resources: { ...placing, CALL_TARGET_ARN: createCallTask.function.functionArn },
      ...common,
    });
    const recordFailure = new HouseFunction(this, FUNCTIONS.recordJourneyFailure.constructId, {
      spec: FUNCTIONS.recordJourneyFailure,
      resources: { CALL_SCHEDULE_GROUP: names.scheduleGroup },
      ...common,
    });
    this.functions = { start, sendEmail, sendSms, scheduleCall, createCallTask, recordFailure };
    for (const f of [start, sendEmail, sendSms, scheduleCall, recordFailure])
      f.acknowledgeSynchronousInvocation('Step Functions (journey workflow)');

    // SES may authorise a send by the address's own identity or by its domain's: both are named.
    const fromAddress = /<?([^<>\s]+@([^<>\s]+))>?\s*$/.exec(config.journeys.emailFrom);
    const fromIdentities = fromAddress ? [fromAddress[1] as string, fromAddress[2] as string] : ['*'];
    sendEmail.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...fromIdentities.map((identity) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: names.configurationSet,
          }),
        ],
      }),
    );

    // Both steps that plan an email pace it within the account's maximum send rate.
    for (const f of [start, sendEmail]) grantReadingSendQuota(f);

    // SMS: publishing to a phone number has no resource to name (Resource: *), so this role has nothing else.
    sendSms.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    // …and phone numbers only: publishing to any topic is denied.
    sendSms.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${stack.partition}:sns:*:*:*`],
      }),
    );
    Validations.of(sendSms.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SNS Publish straight to a phone number has no resource ARN: AWS documents Resource "*" for it. A Deny on every topic ARN beside it keeps the role to phone numbers.',
    });

    createCallTask.function.grantInvoke(schedulerRole);
    deadLetters.grantSendMessages(schedulerRole);
    acknowledgeWildcardResources(schedulerRole, {
      resource: `${createCallTask.function.functionArn}:*`,
      reason: 'grantInvoke covers versions and aliases of the call-task function, and nothing else.',
    });
    // Scheduler invokes asynchronously: its DLQ keeps only what it could not hand to Lambda. What
    // the function then fails on (after Lambda's two retries; the task is keyed by schedule name,
    // so a retry creates it once) goes to the same queue, for `reactivate redrive`.
    createCallTask.function.configureAsyncInvoke({
      onFailure: new SqsDestination(deadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    declareRedrive(deadLetters, 'call-schedules', { function: createCallTask.function });
    Validations.of(createCallTask.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        "Failed asynchronous invocations go to an on-failure destination (CallScheduleDeadLetters, also the schedules' dead-letter queue), whose records keep the error with the event; a dead-letter queue would keep less.",
    });
    grantDeletingCallSchedules(recordFailure, config.stage, "A failed journey's pending call schedules");
    // Two functions place call schedules: the call step, and the call-task function deferring a
    // paused campaign's call (its target is itself).
    const schedules = callScheduleArns(this, config.stage);
    const placesCallSchedules = (f: HouseFunction, why: string) => {
      f.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [schedules] }),
      );
      f.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [schedulerRole.roleArn],
          // The role may be handed to Scheduler only: no other service can be given it through this function.
          conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
        }),
      );
      f.node.addDependency(group);
      acknowledgeWildcardResources(f.role, {
        resource: schedules,
        reason: `${why} are named per customer at run time: CreateSchedule is granted on the schedules of this stage's own group only.`,
      });
    };
    placesCallSchedules(scheduleCall, 'Call schedules');
    placesCallSchedules(createCallTask, "A paused campaign's deferred call schedules");
    this.managerTopic.grantPublish(createCallTask.role);

    this.stateMachine = workflowStateMachine(this, {
      name: names.stateMachine,
      comment: "One customer's win-back journey: wait for the churn moment, email, SMS, manager call",
      definition: this.definition(),
      // A journey fits in a year by construction (StartJourney refuses longer ones).
      timeout: Duration.days(365),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      invoked: [start, sendEmail, sendSms, scheduleCall, recordFailure],
      alarm: {
        id: 'FailedJourneys',
        description: 'A journey execution failed: a customer is stuck between steps',
      },
    });
  }

  private definition(): IChainable {
    const ids = {
      campaignId: JsonPath.stringAt('$.campaignId'),
      customerId: JsonPath.stringAt('$.customerId'),
    };
    const f = this.functions;

    // The failure path: whatever a step could not get past ends the journey `failed` with the error.
    const failed = failWithCaughtError(
      this,
      'JourneyFailed',
      'A step failed past its retries; the journey record holds the error',
    );
    const recordFailure = retryTransientFailures(
      new LambdaInvoke(this, 'RecordFailure', {
        lambdaFunction: f.recordFailure.function,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        payload: TaskInput.fromObject({ ...ids, failure: JsonPath.objectAt(CAUGHT) }),
        resultPath: JsonPath.DISCARD,
        taskTimeout: Timeout.duration(Duration.seconds(60)),
      }),
      { permanent: ['InvalidTaskInput'] },
    )
      .addCatch(failed, { resultPath: '$.recordFailure' })
      .next(failed);

    const step = (id: string, fn: HouseFunction) => {
      const task = new LambdaInvoke(this, id, {
        lambdaFunction: fn.function,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        payload: TaskInput.fromObject(ids),
        resultPath: '$.step',
        // Explicit: a Task without a timeout waits for ever if the function never answers.
        taskTimeout: Timeout.duration(Duration.seconds(60)),
      });
      // The same send in flight in another invocation: look again once its lease (60 s) is over.
      task.addRetry({
        errors: ['SendInFlight'],
        interval: Duration.seconds(20),
        maxAttempts: 6,
        backoffRate: 1.5,
      });
      // The steps are idempotent (the send ledger): a retry never sends twice.
      return retryTransientFailures(task, { permanent: ['InvalidTaskInput'] }).addCatch(recordFailure, {
        resultPath: CAUGHT,
      });
    };
    const wait = (id: string) => new Wait(this, id, { time: WaitTime.timestampPath('$.step.wakeAt') });
    const done = new Succeed(this, 'Done');

    const waitForChurnMoment = wait('WaitForChurnMoment');
    const waitForEmailResponse = wait('WaitForEmailResponse');
    const waitForSmsResponse = wait('WaitForSmsResponse');
    const after = (id: string, retry: Wait, next: IChainable) =>
      new Choice(this, id)
        .when(Condition.stringEquals('$.step.action', 'end'), done)
        .when(Condition.stringEquals('$.step.action', 'retry'), retry)
        .otherwise(next);

    // The last step ends the journey's execution whatever it decides: a paused campaign's call is
    // re-checked when its schedule fires, not by waiting here.
    waitForSmsResponse.next(step('ScheduleCall', f.scheduleCall));
    const sendSms = step('SendSms', f.sendSms).next(
      after('AfterSms', waitForEmailResponse, waitForSmsResponse),
    );
    waitForEmailResponse.next(sendSms);
    const sendEmail = step('SendEmail', f.sendEmail).next(
      after('AfterEmail', waitForChurnMoment, waitForEmailResponse),
    );
    waitForChurnMoment.next(sendEmail);
    return step('StartJourney', f.start).next(
      new Choice(this, 'Enrolled')
        .when(Condition.stringEquals('$.step.action', 'end'), done)
        .otherwise(waitForChurnMoment),
    );
  }
}
