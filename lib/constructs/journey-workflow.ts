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
 *   WaitForSmsResponse ─▶ ScheduleCall ─▶ AfterCall ─ retry ─▶ WaitForSmsResponse
 *                                            ▼
 *                                           Done
 *
 * Each task decides from fresh reads and returns `$.step` = { action, wakeAt }: the next Wait
 * sleeps until `wakeAt` (a skipped channel — no consent, bounced — means "now", so the journey
 * goes straight on). A response during any wait ends the journey at once from outside: the
 * response path stops the execution and deletes a pending call schedule. ScheduleCall places a
 * one-time EventBridge Scheduler schedule in the managers' business hours and the customer's
 * calling window; its target creates the call task and notifies the managers' topic. A fully
 * escalated journey is 12 state transitions. State holds identifiers and times only.
 */
import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import {
  Choice,
  Condition,
  type IChainable,
  JitterType,
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
import { TABLE_VARIABLES, type TableAccess } from '../api-routes.js';
import type { StageConfig } from '../config.js';
import { journeyResourceNames, journeySettings } from '../journey-environment.js';
import type { TableName } from '../table-definitions.js';
import type { HouseFunction } from './house-function.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';
import { deadLetterQueue, workflowFunction, workflowStateMachine } from './workflow-parts.js';

export type JourneyTables = Pick<
  Record<TableName, ITableV2>,
  'customers' | 'scores' | 'campaigns' | 'journeys' | 'sends' | 'callTasks'
>;

export interface JourneyWorkflowProps {
  config: StageConfig;
  tables: JourneyTables;
  /** Base URL of the public links (click, unsubscribe) when the config does not set one. */
  publicUrl: string;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

export type JourneyFunction = 'start' | 'sendEmail' | 'sendSms' | 'scheduleCall' | 'createCallTask';

/** Lets a function of any stack end journeys: stop their executions, delete their call schedules. */
export function grantEndingJourneys(fn: HouseFunction, stage: string): void {
  const stack = Stack.of(fn);
  const names = journeyResourceNames(stage);
  const machineArn = stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: names.stateMachine,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.function.addEnvironment('JOURNEY_STATE_MACHINE_ARN', machineArn);
  fn.function.addEnvironment('CALL_SCHEDULE_GROUP', names.scheduleGroup);
  const executions = stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${names.stateMachine}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const schedules = stack.formatArn({
    service: 'scheduler',
    resource: 'schedule',
    resourceName: `${names.scheduleGroup}/*`,
  });
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }));
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['scheduler:DeleteSchedule'], resources: [schedules] }));
  acknowledgeWildcardResources(
    fn.role,
    {
      resource: executions,
      reason:
        "Journey executions are named per customer at run time: StopExecution is granted on this stage's journey state machine's executions only.",
    },
    {
      resource: schedules,
      reason:
        "Call schedules are named per customer at run time: DeleteSchedule is granted on this stage's own schedule group only.",
    },
  );
}

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
    const settings = JSON.stringify(journeySettings(config, props.publicUrl));

    const fn = (
      fnId: JourneyFunction,
      handler: string,
      description: string,
      access: Partial<Record<keyof JourneyTables, TableAccess>>,
    ) => {
      const f = workflowFunction(this, fnId, handler, {
        description,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
        memorySize: 512,
        timeout: Duration.seconds(30),
        environment: { JOURNEY_SETTINGS: settings },
      });
      for (const [table, level] of Object.entries(access) as [keyof JourneyTables, TableAccess][])
        f.bindTable(TABLE_VARIABLES[table], tables[table], level);
      return f;
    };
    const stepTables = {
      campaigns: 'read',
      journeys: 'readWrite',
      customers: 'readWrite',
      scores: 'read',
      sends: 'readWrite',
    } as const;

    const start = fn(
      'start',
      'start-journey-handler',
      'journey: enrol and plan the first message',
      stepTables,
    );
    const senderTables = { ...stepTables, sends: 'readWriteDelete' } as const;
    const sendEmail = fn('sendEmail', 'send-email-handler', 'journey: send the email (SES v2)', senderTables);
    const sendSms = fn('sendSms', 'send-sms-handler', 'journey: send the SMS (SNS)', senderTables);
    const scheduleCall = fn(
      'scheduleCall',
      'schedule-call-handler',
      'journey: schedule the manager call',
      stepTables,
    );
    const createCallTask = fn(
      'createCallTask',
      'create-call-task-handler',
      'journey: create the manager call task',
      {
        ...stepTables,
        callTasks: 'readWrite',
      },
    );
    this.functions = { start, sendEmail, sendSms, scheduleCall, createCallTask };
    for (const f of [start, sendEmail, sendSms, scheduleCall])
      f.acknowledgeSynchronousInvocation('Step Functions (journey workflow)');

    // Email: SES v2 with the stage's configuration set, from the configured domain only.
    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: names.configurationSet,
      reputationMetrics: true,
    });
    this.configurationSet = configurationSet;
    const fromDomain = /@([^>\s]+)>?\s*$/.exec(config.journeys.emailFrom)?.[1] ?? '*';
    sendEmail.function.addEnvironment('EMAIL_FROM', config.journeys.emailFrom);
    sendEmail.function.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
    sendEmail.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: fromDomain }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: names.configurationSet,
          }),
        ],
      }),
    );

    // SMS: publishing to a phone number has no resource to name (Resource: *), so this role has nothing else.
    sendSms.function.addEnvironment('SMS_TYPE', config.journeys.sms.type);
    if (config.journeys.sms.originationNumber)
      sendSms.function.addEnvironment('SMS_ORIGINATION_NUMBER', config.journeys.sms.originationNumber);
    sendSms.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    Validations.of(sendSms.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SNS Publish straight to a phone number has no resource ARN: AWS documents Resource "*" for it. This role holds only sns:Publish besides its own logs and X-Ray.',
    });

    // Calls: a schedule group of our own, a role Scheduler assumes to invoke the task creator, a DLQ.
    const group = new CfnScheduleGroup(this, 'CallSchedules', { name: names.scheduleGroup });
    const deadLetters = deadLetterQueue(this, 'CallScheduleDeadLetters', 'the call schedules');
    const schedulerRole = new Role(this, 'CallSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler invokes the call-task function and dead-letters failures',
    });
    createCallTask.function.grantInvoke(schedulerRole);
    deadLetters.grantSendMessages(schedulerRole);
    acknowledgeWildcardResources(schedulerRole, {
      resource: `${createCallTask.function.functionArn}:*`,
      reason: 'grantInvoke covers versions and aliases of the call-task function, and nothing else.',
    });
    Validations.of(createCallTask.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'EventBridge Scheduler invokes this function with its own retry policy and dead-letter queue (CallScheduleDeadLetters).',
    });
    scheduleCall.function.addEnvironment('CALL_SCHEDULE_GROUP', names.scheduleGroup);
    scheduleCall.function.addEnvironment('CALL_TARGET_ARN', createCallTask.function.functionArn);
    scheduleCall.function.addEnvironment('CALL_TARGET_ROLE_ARN', schedulerRole.roleArn);
    scheduleCall.function.addEnvironment('CALL_DLQ_ARN', deadLetters.queueArn);
    const schedules = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${names.scheduleGroup}/*`,
    });
    scheduleCall.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [schedules] }),
    );
    scheduleCall.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:PassRole'], resources: [schedulerRole.roleArn] }),
    );
    scheduleCall.node.addDependency(group);
    acknowledgeWildcardResources(scheduleCall.role, {
      resource: schedules,
      reason:
        "Call schedules are named per customer at run time: CreateSchedule is granted on the schedules of this stage's own group only.",
    });

    this.managerTopic = new Topic(this, 'ManagerTopic', {
      displayName: 'Reactivate: new call tasks',
      enforceSSL: true,
    });
    this.managerTopic.grantPublish(createCallTask.role);
    createCallTask.function.addEnvironment('MANAGER_TOPIC_ARN', this.managerTopic.topicArn);
    Validations.of(this.managerTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries task ids, campaign ids and due times only — no personal data — so SSE-KMS adds cost and key policy work for nothing.',
    });

    this.stateMachine = workflowStateMachine(this, {
      name: names.stateMachine,
      comment: "One customer's win-back journey: wait for the churn moment, email, SMS, manager call",
      definition: this.definition(),
      // A journey fits in a year by construction (StartJourney refuses longer ones).
      timeout: Duration.days(365),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      invoked: [start, sendEmail, sendSms, scheduleCall],
      alarm: {
        id: 'FailedJourneys',
        description: 'A journey execution failed: a customer is stuck between steps',
      },
    });
  }

  private definition(): IChainable {
    const ids = TaskInput.fromObject({
      campaignId: JsonPath.stringAt('$.campaignId'),
      customerId: JsonPath.stringAt('$.customerId'),
    });
    const step = (id: string, f: HouseFunction) =>
      new LambdaInvoke(this, id, {
        lambdaFunction: f.function,
        payloadResponseOnly: true,
        payload: ids,
        resultPath: '$.step',
        // Explicit: a Task without a timeout waits for ever if the function never answers.
        taskTimeout: Timeout.duration(Duration.seconds(60)),
      })
        .addRetry({ errors: ['InvalidTaskInput'], maxAttempts: 0 })
        // The same send in flight in another invocation: look again once its lease (60 s) is over.
        .addRetry({
          errors: ['SendInFlight'],
          interval: Duration.seconds(20),
          maxAttempts: 6,
          backoffRate: 1.5,
        })
        .addRetry({
          // The steps are idempotent (the send ledger): a retry never sends twice.
          errors: ['States.TaskFailed'],
          interval: Duration.seconds(5),
          maxAttempts: 4,
          backoffRate: 3,
          jitterStrategy: JitterType.FULL,
        });
    const wait = (id: string) => new Wait(this, id, { time: WaitTime.timestampPath('$.step.wakeAt') });
    const done = new Succeed(this, 'Done');
    const f = this.functions;

    const waitForChurnMoment = wait('WaitForChurnMoment');
    const waitForEmailResponse = wait('WaitForEmailResponse');
    const waitForSmsResponse = wait('WaitForSmsResponse');
    const after = (id: string, retry: Wait, next: IChainable) =>
      new Choice(this, id)
        .when(Condition.stringEquals('$.step.action', 'end'), done)
        .when(Condition.stringEquals('$.step.action', 'retry'), retry)
        .otherwise(next);

    const scheduleCall = step('ScheduleCall', f.scheduleCall).next(
      new Choice(this, 'AfterCall')
        .when(Condition.stringEquals('$.step.action', 'retry'), waitForSmsResponse)
        .otherwise(done),
    );
    waitForSmsResponse.next(scheduleCall);
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
