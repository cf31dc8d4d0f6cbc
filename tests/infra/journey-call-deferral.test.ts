/**
 * The call-task function defers a paused campaign's call with a schedule of its own: it may create
 * schedules in the stage's group only, hand the scheduler role to Scheduler only, and it is not
 * given its own ARN (a function referring to itself is a circular dependency in CloudFormation).
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { cliApp } from '../support/cdk-app.js';

describe('Construct: JourneyWorkflow, the deferred call', () => {
  it('lets the call-task function create call schedules and pass the scheduler role, to Scheduler only', () => {
    // Prepare
    const { workflows } = cliApp();
    const journeys = workflows.journeys;
    const stack = Stack.of(journeys);
    const fn = journeys.functions.createCallTask;
    const schedulerRole = journeys.node.findChild('CallSchedulerRole').node.defaultChild as CfnRole;
    const roleArn = { 'Fn::GetAtt': [stack.getLogicalId(schedulerRole), 'Arn'] };

    // Act
    const template = Template.fromStack(stack);

    // Assess
    const variables =
      template.findResources('AWS::Lambda::Function')[
        stack.getLogicalId(fn.function.node.defaultChild as CfnFunction)
      ]?.Properties.Environment.Variables;
    expect(variables).toMatchObject({
      CALL_SCHEDULE_GROUP: 'reactivate-dev-calls',
      CALL_TARGET_ROLE_ARN: roleArn,
      CALL_DLQ_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^JourneysCallScheduleDeadLetters/), 'Arn'] },
      JOURNEY_SETTINGS: expect.anything(),
    });
    expect(variables).not.toHaveProperty('CALL_TARGET_ARN');
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(fn.role.node.defaultChild as CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'scheduler:CreateSchedule',
            Effect: 'Allow',
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([Match.stringLikeRegexp(':schedule/reactivate-dev-calls/\\*$')]),
              ],
            },
          },
          {
            Action: 'iam:PassRole',
            Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
            Effect: 'Allow',
            Resource: roleArn,
          },
        ]),
      },
    });
  });
});
