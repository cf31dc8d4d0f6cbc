/**
 * The grants of the function manifest (functions/manifest/grants.ts) that functions of any stack
 * may hold, as IAM statements on resources named from the stage alone (no cross-stack
 * references), and the resource variables of those grants. The grants tied to one workflow's own
 * resources (sending, placing call schedules, notifying managers) live with that workflow.
 */
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { journeyResourceNames } from '../journey-environment.js';
import type { HouseFunction } from './house-function.js';
import { acknowledgeWildcardResources } from './wildcard-acknowledgements.js';

/** The resource variables every stack can set: names and ARNs that derive from the stage. */
export function stageResources(scope: IConstruct, stage: string) {
  const stack = Stack.of(scope);
  const names = journeyResourceNames(stage);
  const stateMachineArn = (name: string) =>
    stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  return {
    JOURNEY_STATE_MACHINE_ARN: stateMachineArn(names.stateMachine),
    CAMPAIGN_STATE_MACHINE_ARN: stateMachineArn(names.campaignStateMachine),
    CALL_SCHEDULE_GROUP: names.scheduleGroup,
    SES_CONFIGURATION_SET: names.configurationSet,
  };
}

/** The schedules of the stage's call schedule group. */
export function callScheduleArns(scope: IConstruct, stage: string): string {
  return Stack.of(scope).formatArn({
    service: 'scheduler',
    resource: 'schedule',
    resourceName: `${journeyResourceNames(stage).scheduleGroup}/*`,
  });
}

/** `deleteCallSchedules`: DeleteSchedule on the stage's own schedule group. */
export function grantDeletingCallSchedules(fn: HouseFunction, stage: string, why: string): void {
  const schedules = callScheduleArns(fn, stage);
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['scheduler:DeleteSchedule'], resources: [schedules] }),
  );
  acknowledgeWildcardResources(fn.role, {
    resource: schedules,
    reason: `${why} are named per customer at run time: DeleteSchedule is granted on this stage's own schedule group only.`,
  });
}

/** `readSendQuota`: SES GetAccount, whose quota the email pacing stays within. */
export function grantReadingSendQuota(fn: HouseFunction): void {
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'SES GetAccount reads the account\'s sending quota and has no resource type: AWS documents Resource "*" for it. It is read-only.',
  });
}

/** This stage's journey executions: they are named per customer at run time. */
function journeyExecutions(fn: HouseFunction, stage: string): string {
  return Stack.of(fn).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${journeyResourceNames(stage).stateMachine}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** `endJourneys`: stop journey executions, delete their call schedules. */
export function grantEndingJourneys(fn: HouseFunction, stage: string): void {
  grantOnJourneyExecutions(fn, stage, 'states:StopExecution');
  grantDeletingCallSchedules(fn, stage, 'Call schedules');
}

/** `watchJourneys`: the reconciler ends a journey record only once its execution is known to be gone. */
export function grantWatchingJourneys(fn: HouseFunction, stage: string): void {
  grantOnJourneyExecutions(fn, stage, 'states:DescribeExecution');
}

function grantOnJourneyExecutions(fn: HouseFunction, stage: string, action: string): void {
  const executions = journeyExecutions(fn, stage);
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [action], resources: [executions] }));
  acknowledgeWildcardResources(fn.role, {
    resource: executions,
    reason: `Journey executions are named per customer at run time: ${action.replace('states:', '')} is granted on this stage's journey state machine's executions only.`,
  });
}

/** `runCampaigns`: start campaign runs (the campaign API's actions). */
export function grantRunningCampaigns(fn: HouseFunction, stage: string): void {
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['states:StartExecution'],
      resources: [stageResources(fn, stage).CAMPAIGN_STATE_MACHINE_ARN],
    }),
  );
}
